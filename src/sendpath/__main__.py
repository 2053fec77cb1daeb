"""``python -m sendpath``: the same as the ``sendpath`` command."""

from sendpath.cli import run

if __name__ == "__main__":
    run()
