"""``python -m kinerja.cli …`` is ``kinerja …`` (the demo starts its worker this way)."""

from . import main

if __name__ == "__main__":
    main()
