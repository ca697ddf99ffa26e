"""Pinned dependencies (issue 8, item 1): requirements.lock pins, with hashes, every package
pyproject.toml asks for (main and dev extra) at a version it allows, and scripts/setup.sh
installs it hash-checked. A pyproject.toml change without a regenerated lock fails here."""

import re
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"


def pins() -> dict[str, tuple[str, list[str]]]:
    """name → (version, hashes) from the lock file."""
    text = LOCK.read_text(encoding="utf-8")
    found = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s\\]+)", block)
        if match:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
            found[canonicalize_name(match.group(1))] = (match.group(2), hashes)
    return found


def test_every_requirement_is_pinned_with_hashes_at_an_allowed_version():
    sys.path.insert(0, str(ROOT / "scripts"))
    from requirements_from_pyproject import requirements

    locked = pins()
    assert locked, "requirements.lock has no pins"
    for line in requirements(["dev"]):
        wanted = Requirement(line)
        name = canonicalize_name(wanted.name)
        assert name in locked, f"{wanted.name} is not in requirements.lock: regenerate it"
        version, _ = locked[name]
        assert wanted.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {wanted.name}=={version}, pyproject.toml wants {line}"
        )
    for name, (version, hashes) in locked.items():
        assert hashes, f"{name}=={version} has no --hash in requirements.lock"


def test_setup_installs_the_lock_hash_checked():
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert '--require-hashes -r "$lock"' in setup


def test_installed_versions_are_the_locked_ones():
    """The environment the suite runs in is the one the lock describes."""
    from importlib.metadata import PackageNotFoundError, version

    wrong = []
    for name, (locked, _) in pins().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            wrong.append(f"{name}: not installed (lock: {locked})")
            continue
        if installed != locked:
            wrong.append(f"{name}: {installed} installed, lock: {locked}")
    assert not wrong, "\n".join(wrong)


def test_requirements_script_still_runs():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "requirements_from_pyproject.py"), "dev"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "gunicorn" in run.stdout and "django-axes" in run.stdout.lower()
