"""The ``goldenthread`` command: Django's management commands plus the project's own."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goldenthread.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    args = ["goldenthread", *(sys.argv[1:] if argv is None else argv)]
    try:
        execute_from_command_line(args)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"goldenthread: {exc}\n")
        raise SystemExit(2) from exc


if __name__ == "__main__":
    main()
