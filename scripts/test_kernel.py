"""Checks scripts/kernel.py: each running kernel gets its own build directory, a slot is free
again when its kernel exits, and the Cargo config compiles cells unoptimised and the crate
optimised. Run by `make test`."""
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


def main():
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
    print("kernel launcher: slots and Cargo config ok")


if __name__ == "__main__":
    main()
