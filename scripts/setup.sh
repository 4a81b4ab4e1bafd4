#!/usr/bin/env bash
# Installs what the notebooks need, skipping whatever is already there:
#   - the Rust Jupyter kernel evcxr_jupyter (>= 0.21, built with cargo) and its `rust` kernelspec,
#   - the rust-src component (used by evcxr for code completion, optional),
#   - a project-local Python virtual environment .venv with the notebook tools
#     (with --lab also JupyterLab).
# Re-running is fast: everything installed is reused.
set -euo pipefail
cd "$(dirname "$0")/.."

want_lab=false
[[ "${1:-}" == "--lab" ]] && want_lab=true

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# --- the Rust kernel -------------------------------------------------------------------------
export PATH="$HOME/.cargo/bin:$PATH"
evcxr_version() {
    cargo install --list 2>/dev/null | sed -n 's/^evcxr_jupyter v\([0-9.]*\):$/\1/p'
}
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }
have=$(evcxr_version)
if [[ -n "$have" ]] && version_ge "$have" 0.21.0 && command -v evcxr_jupyter >/dev/null; then
    say "evcxr_jupyter $have is installed"
else
    rustc_minor=$(rustc --version | sed -n 's/^rustc 1\.\([0-9]*\).*/\1/p')
    if [[ "${rustc_minor:-0}" -ge 95 ]]; then version=0.22.0; else version=0.21.1; fi
    say "building evcxr_jupyter $version with cargo (8-12 minutes the first time, once per machine)"
    cargo install evcxr_jupyter --version "$version" --locked
fi

if rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
    say "rust-src is installed"
elif command -v rustup >/dev/null; then
    say "adding the rust-src component (for code completion in the notebooks)"
    rustup component add rust-src || say "could not add rust-src (offline?); the notebooks run without it"
fi

# --- Python tools in a project-local virtual environment -------------------------------------
if [[ ! -x .venv/bin/python ]]; then
    say "creating the virtual environment .venv"
    python3 -m venv .venv || {
        say "python3 could not create a virtual environment; on Debian/Ubuntu: apt-get install python3-venv"
        exit 1
    }
fi
if ! .venv/bin/python -c 'import nbclient, nbformat, nbconvert' 2>/dev/null; then
    say "installing the notebook tools into .venv"
    .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements.txt
fi
if $want_lab && ! .venv/bin/python -c 'import jupyterlab' 2>/dev/null; then
    say "installing JupyterLab into .venv"
    .venv/bin/pip install --quiet --disable-pip-version-check "jupyterlab>=4,<5"
fi

# --- the kernelspecs ----------------------------------------------------------------------------
# evcxr's own, for opening the notebooks from any Jupyter:
if ! .venv/bin/jupyter kernelspec list 2>/dev/null | grep -q '^ *rust '; then
    say "registering the Rust kernel (kernelspec 'rust')"
    evcxr_jupyter --install
fi
# and the project's, which `make lab` and `make test` put first on JUPYTER_PATH: the same kernel
# started through scripts/kernel.py (build directory kept between sessions, cells compiled
# without optimisation, the crate with it).
mkdir -p .jupyter/kernels/rust
cat > .jupyter/kernels/rust/kernel.json <<JSON
{
  "argv": ["$PWD/.venv/bin/python", "$PWD/scripts/kernel.py", "{connection_file}"],
  "display_name": "Rust",
  "interrupt_mode": "message",
  "language": "rust"
}
JSON
say "ready"
