#!/usr/bin/env python
"""Django's manage.py; ``goldenthread`` is the same command, installed."""

from goldenthread.cli import main

if __name__ == "__main__":
    main()
