"""Starts the Rust kernel (evcxr_jupyter) for the lecture notebooks, set up for fast cells.

Jupyter runs this through the kernelspec that scripts/setup.sh writes to .jupyter/kernels/rust;
`make lab` and `make test` put .jupyter first on JUPYTER_PATH. Compared with a plain evcxr
kernel it

1. keeps the build directory between sessions (EVCXR_TMPDIR), so the crate and its dependencies
   are compiled once per machine instead of once per session (first cell 35-40 s -> 3-4 s).
   Each running kernel takes its own slot, locked while the kernel lives: two kernels must not
   share a build directory (they would overwrite each other's cell code);
2. writes a Cargo config beside the slots: cells compile without optimisation (about 0.1 s
   each instead of 0.3-2 s), mlp_companion and its dependencies with full optimisation and no
   debug assertions (fast training), mlp_companion in 16 codegen units (compiles faster).

The cache lives outside the clone, in $MLP_COMPANION_CACHE (default /var/tmp/mlp_companion-$USER;
not under $HOME, where some sandboxed machines refuse to load the built libraries).
"""
import fcntl
import os
import shutil
import sys
from pathlib import Path

SLOTS = 8

CARGO_CONFIG = """\
# Written by mlp_companion's scripts/kernel.py for the notebook kernels' build directories.
# Notebook cells: no optimisation, so each cell compiles in about 0.1 s.
[profile.dev]
opt-level = 0
# mlp_companion and its dependencies: compiled once, as fast as a release build.
[profile.dev.package."*"]
opt-level = 3
debug-assertions = false
overflow-checks = false
# mlp_companion is a path dependency, built incrementally in 256 pieces by default: in 16 it
# compiles in 21 s instead of 25 s on 2 cores (on its first `:dep`, and after every change).
[profile.dev.package.mlp_companion]
codegen-units = 16
"""


def cache_dir():
    user = os.environ.get("USER") or str(os.getuid())
    return Path(os.environ.get("MLP_COMPANION_CACHE", f"/var/tmp/mlp_companion-{user}"))


def write_cargo_config(cache):
    config = cache / ".cargo" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    if not config.exists() or config.read_text() != CARGO_CONFIG:
        config.write_text(CARGO_CONFIG)


def lock_free_slot(cache):
    """Returns the build directory of the first slot no running kernel holds, keeping its lock
    open (and inherited by the kernel) so that it is released only when the kernel exits."""
    for slot in range(1, SLOTS + 1):
        build = cache / f"evcxr-build-{slot}"
        build.mkdir(parents=True, exist_ok=True)
        fd = os.open(cache / f"evcxr-build-{slot}.lock", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        os.set_inheritable(fd, True)
        return build
    return None


def evcxr_jupyter():
    cargo_bin = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo")) / "bin"
    found = shutil.which("evcxr_jupyter") or shutil.which("evcxr_jupyter", path=str(cargo_bin))
    if not found:
        sys.exit("evcxr_jupyter is not installed: run `bash scripts/setup.sh`")
    return found


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: kernel.py CONNECTION_FILE (Jupyter passes it)")
    try:
        cache = cache_dir()
        write_cargo_config(cache)
        build = lock_free_slot(cache)
    except OSError as error:
        print(f"mlp_companion: no build cache ({error}); using evcxr's defaults", file=sys.stderr)
        build = None
    if build is not None:
        os.environ["EVCXR_TMPDIR"] = str(build)
    # else: evcxr builds in a temporary directory, as it does by default
    # evcxr refreshes the kernelspec files it finds on JUPYTER_PATH at start-up, which would
    # overwrite the project's kernelspec (this launcher) with its own
    os.environ.pop("JUPYTER_PATH", None)
    program = evcxr_jupyter()
    os.execv(program, [program, "--control_file", sys.argv[1]])


if __name__ == "__main__":
    main()
