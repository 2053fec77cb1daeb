"""``python -m sendpath``: the same as the ``sendpath`` command."""

import sys

from sendpath.cli import main

if __name__ == "__main__":
    sys.exit(main())
