"""Prints the project's pip requirements from pyproject.toml, one per line.

    python scripts/requirements_from_pyproject.py [EXTRA ...]

The project is an application, not an installable package: its dependencies (plus the extras
named, e.g. `dev`) are pinned in requirements.lock, which scripts/setup.sh installs;
tests/ops/test_lock.py uses this list to check that the lock covers pyproject.toml."""

import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def requirements(extras: list[str]) -> list[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    found = list(project.get("dependencies", []))
    optional = project.get("optional-dependencies", {})
    for extra in extras:
        if extra not in optional:
            raise SystemExit(f"pyproject.toml has no optional dependency group {extra!r}")
        found += optional[extra]
    return found


if __name__ == "__main__":
    print("\n".join(requirements(sys.argv[1:])))
