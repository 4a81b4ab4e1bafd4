#!/usr/bin/env bash
# Opens the lecture notebooks in JupyterLab, installing what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --lab
args=(notebooks/)
# Jupyter refuses to run as root (e.g. in a container) unless told it is on purpose.
[[ "$(id -u)" == 0 ]] && args+=(--allow-root)
# the project's kernelspec (scripts/kernel.py) before evcxr's own
export JUPYTER_PATH="$PWD/.jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
exec .venv/bin/jupyter lab "${args[@]}" "$@"
