"""``python -m ua_validate``: the ``ua-validate`` command line."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
