#!/usr/bin/env bash
# `make bench-reference`: the benchmark with its reference columns measured on this machine.
# After each repetition of a workload, the reference scripts (benches/reference/, numpy and
# PyTorch on one thread) run once, so both sides see the same machine at the same time.
#
# Their Python environment is made once, outside the clone, in
# $MLP_COMPANION_CACHE/bench-python (default /var/tmp/mlp_companion-$USER): numpy, and torch
# unless BENCH_TORCH=0. PyPI's torch wheel pulls about 4 GB of CUDA libraries that the CPU
# runs never load; the download took 4 minutes here.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${MLP_COMPANION_CACHE:-/var/tmp/mlp_companion-${USER:-$(id -u)}}"
venv="$cache/bench-python"
packages=(numpy)
if [ "${BENCH_TORCH:-1}" != 0 ]; then
  packages+=(torch)
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "making the reference scripts' Python environment in $venv"
  mkdir -p "$cache"
  python3 -m venv "$venv"
fi
for package in "${packages[@]}"; do
  if ! "$venv/bin/python" -c "import $package" 2>/dev/null; then
    echo "installing $package into $venv"
    "$venv/bin/python" -m pip install --quiet "$package"
  fi
done

MLP_BENCH_PYTHON="$venv/bin/python" cargo bench --bench workloads -- "$@"
