# mlp_companion — common commands. `make help` lists them.
PYTHON := .venv/bin/python
.PHONY: help lab test notebooks handout bench bench-reference lint fuzz

help:
	@echo "make lab        open the notebooks in JupyterLab (installs the Rust kernel and JupyterLab if missing)"
	@echo "make test       run every test: crate, examples, benchmark smoke run, and all notebooks headlessly"
	@echo "make notebooks  re-execute the notebooks in place (after editing them), ready to commit"
	@echo "make handout    printable HTML handout of the executed notebooks, in handout/"
	@echo "make bench      run the W1-W4 benchmark workloads against the reference figures"
	@echo "make bench-reference  the same, with the PyTorch and numpy references run here side by side"
	@echo "make lint       cargo fmt --check and cargo clippy --all-targets"
	@echo "make fuzz       fuzz CSV loading and the builder + forward pass, 3 minutes each (FUZZ_SECONDS)"

lab:
	bash scripts/lab.sh

test:
	cargo test --release --all-targets
	cargo test --release --doc
	bash scripts/setup.sh
	$(PYTHON) scripts/test_kernel.py
	$(PYTHON) scripts/notebooks.py check

notebooks:
	bash scripts/setup.sh
	$(PYTHON) scripts/notebooks.py execute

handout:
	bash scripts/setup.sh
	$(PYTHON) scripts/handout.py

bench:
	cargo bench --bench workloads

bench-reference:
	bash scripts/bench_reference.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings

FUZZ_SECONDS ?= 180
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 enables them on a stable toolchain.
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	RUSTC_BOOTSTRAP=1 cargo fuzz run -O from_csv -- -max_total_time=$(FUZZ_SECONDS)
	RUSTC_BOOTSTRAP=1 cargo fuzz run -O builder_forward -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096
