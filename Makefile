# mlp_companion — common commands. `make help` lists them.
.PHONY: help test bench fmt lint

help:
	@echo "make test   run every test (unit, integration, doc tests, examples)"
	@echo "make bench  run the W1-W4 benchmark workloads against the reference figures"
	@echo "make lint   cargo fmt --check and cargo clippy --all-targets"

test:
	cargo test --release --all-targets
	cargo test --release --doc

bench:
	cargo bench --bench workloads

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
