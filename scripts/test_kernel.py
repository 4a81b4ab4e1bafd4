"""Checks scripts/kernel.py: it starts evcxr with a build directory and without JUPYTER_PATH,
falls back to evcxr's defaults when the cache cannot be made, gives each running kernel its own
build directory, frees a slot when its kernel exits, and writes a Cargo config that compiles
cells unoptimised and the crate optimised. Run by `make test`."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kernel  # noqa: E402

HOLD = """
import sys, time
sys.path.insert(0, {scripts!r})
import kernel
print(kernel.lock_free_slot(kernel.Path({cache!r})).name, flush=True)
time.sleep(30)
"""


def holder(cache):
    """A process that takes a slot and keeps it, like a running kernel."""
    code = HOLD.format(scripts=str(Path(kernel.__file__).parent), cache=str(cache))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    return proc, proc.stdout.readline().strip()


FAKE_EVCXR = """#!/bin/sh
echo "EVCXR_TMPDIR=${EVCXR_TMPDIR:-unset} JUPYTER_PATH=${JUPYTER_PATH:-unset} args=$*"
"""


def launch(cache, fake_bin):
    """Runs kernel.py as Jupyter would, with a stand-in evcxr_jupyter that prints what it got."""
    env = dict(os.environ, MLP_COMPANION_CACHE=str(cache), JUPYTER_PATH="/somewhere",
               PATH=f"{fake_bin}{os.pathsep}{os.environ['PATH']}")
    script = Path(kernel.__file__)
    return subprocess.run([sys.executable, str(script), "conn.json"], env=env,
                          capture_output=True, text=True, check=True)


def check_launch():
    with tempfile.TemporaryDirectory() as tmp:
        fake_bin = Path(tmp) / "bin"
        fake_bin.mkdir()
        fake = fake_bin / "evcxr_jupyter"
        fake.write_text(FAKE_EVCXR)
        fake.chmod(0o755)
        cache = Path(tmp) / "cache"
        out = launch(cache, fake_bin).stdout.strip()
        expected = f"EVCXR_TMPDIR={cache / 'evcxr-build-1'} JUPYTER_PATH=unset args=--control_file conn.json"
        assert out == expected, out
        # a cache that cannot be created: evcxr's defaults, with a message instead of a crash
        blocker = Path(tmp) / "file"
        blocker.write_text("not a directory")
        run = launch(blocker / "cache", fake_bin)
        assert run.stdout.startswith("EVCXR_TMPDIR=unset"), run.stdout
        assert "no build cache" in run.stderr, run.stderr


def main():
    check_launch()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        first, slot1 = holder(cache)
        second, slot2 = holder(cache)
        assert (slot1, slot2) == ("evcxr-build-1", "evcxr-build-2"), (slot1, slot2)
        first.kill()
        first.wait()
        third, slot3 = holder(cache)
        assert slot3 == "evcxr-build-1", f"slot 1 should be free again, got {slot3}"
        for proc in (second, third):
            proc.kill()
            proc.wait()
        kernel.write_cargo_config(cache)
        config = (cache / ".cargo" / "config.toml").read_text()
        assert "[profile.dev]\nopt-level = 0" in config, config
        assert '[profile.dev.package."*"]\nopt-level = 3' in config, config
        assert "[profile.dev.package.mlp_companion]\ncodegen-units = 16" in config, config
    print("kernel launcher: start-up, fallback, slots and Cargo config ok")


if __name__ == "__main__":
    main()
