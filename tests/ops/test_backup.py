"""Backups that restore (issue 8, item 10): `manage.py backup` then `manage.py restore` into
a fresh database gives the same row counts, the same standings and the same certificate
verification. Each leg runs the commands in subprocesses, as a ward's IT staff would: on
SQLite always, on PostgreSQL (new databases on the same server) when DATABASE_URL is one."""

import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))

VERIFY = """
from django.test import Client
from django.urls import reverse
from awards.models import FamilyCertificate
rows = []
for c in FamilyCertificate.objects.order_by("number"):
    page = Client().get(reverse("verify_certificate", args=[c.verification_code]))
    shown = c.head_name in page.content.decode()
    rows.append([c.number, c.head_name, c.tdp_name, page.status_code, shown])
print(__import__("json").dumps(rows, ensure_ascii=False))
"""
ISSUE = """
from awards.certificates.services import issue_certificates
from scoring.models import Phase
phase = Phase.objects.filter(campaign__year=2022, number=1).order_by("campaign__ward_id")[0]
print(len(issue_certificates(phase).items))
"""
COUNTS = "import json; from households.backup import row_counts; print(json.dumps(row_counts()))"


def manage(env, *args, check=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if check:
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr}"
    return result


def environment(database_url, media):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MEDIA_ROOT"}}
    env.update(
        DATABASE_URL=database_url, MEDIA_ROOT=str(media), TASKS_BACKEND="immediate", DEBUG="1"
    )
    # Every certificate of the demo is checked on its public page, faster than a person.
    env["VERIFY_RATE_PER_MINUTE"] = "100000"
    return env


def figures(env):
    standings = manage(
        env, "standings", "--campaign", "2022", "--phase", "1", "--format", "json", "--households"
    ).stdout
    return {
        "counts": json.loads(manage(env, "shell", "-v", "0", "-c", COUNTS).stdout),
        "standings": json.loads(standings),
        "certificates": json.loads(manage(env, "shell", "-v", "0", "-c", VERIFY).stdout),
    }


def round_trip(tmp_path, source_url, target_url):
    source = environment(source_url, tmp_path / "media")
    manage(source, "migrate", "--noinput")
    manage(source, "loaddata", "dongtam")
    manage(source, "seed_demo", "--households", "5")
    assert int(manage(source, "shell", "-v", "0", "-c", ISSUE).stdout) > 0
    stored = tmp_path / "media" / "in-an" / "gcn-to-8.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.7 issued certificates")
    before = figures(source)

    out = manage(source, "backup", "--output", str(tmp_path / "archives")).stdout
    (archive,) = (tmp_path / "archives").glob("dongtam-backup-*.tar.gz")
    assert str(archive) in out
    assert len(archive.name) == len("dongtam-backup-20221115-173000.tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert "media/in-an/gcn-to-8.pdf" in names
    assert manifest["counts"] == before["counts"]
    assert manifest["media_files"] == 1 and manifest["app_version"]
    assert manifest["counts"]["households.household"] >= 16 * 5  # a demo ward

    target = environment(target_url, tmp_path / "restored-media")
    restored = manage(target, "restore", str(archive))
    assert "khớp với bản sao lưu" in restored.stdout
    after = figures(target)
    assert after == before
    assert all(status == 200 and named for *_, status, named in after["certificates"])
    assert (tmp_path / "restored-media" / "in-an" / "gcn-to-8.pdf").read_bytes() == (
        stored.read_bytes()
    )

    # The target now holds a ward: a second restore is refused unless forced.
    again = manage(target, "restore", str(archive), check=False)
    assert again.returncode != 0
    assert "Cơ sở dữ liệu đích đã có dữ liệu" in again.stderr and "--force" in again.stderr
    manage(target, "restore", str(archive), "--force")
    assert figures(target) == before
    return archive


def test_sqlite_round_trip(tmp_path):
    archive = round_trip(
        tmp_path, f"sqlite:///{tmp_path / 'ward.sqlite3'}", f"sqlite:///{tmp_path / 'new.sqlite3'}"
    )
    # An SQLite archive is refused by another engine's database, with a clear reason.
    if ON_POSTGRES:
        other = environment(SERVER_URL, tmp_path / "x")
        result = manage(other, "restore", str(archive), check=False)
        assert result.returncode != 0 and "cùng loại cơ sở dữ liệu" in result.stderr


def test_restore_into_a_migrated_but_empty_database(tmp_path):
    """`migrate` alone (content types, permissions) still counts as empty."""
    source = environment(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path / "m1")
    manage(source, "migrate", "--noinput")
    manage(source, "loaddata", "dongtam")
    manage(source, "backup", "--output", str(tmp_path / "out"))
    (archive,) = (tmp_path / "out").glob("*.tar.gz")
    target = environment(f"sqlite:///{tmp_path / 'b.sqlite3'}", tmp_path / "m2")
    manage(target, "migrate", "--noinput")
    manage(target, "restore", str(archive))


def test_not_an_archive(tmp_path):
    bogus = tmp_path / "dongtam-backup-20221115-173000.tar.gz"
    bogus.write_bytes(b"not a tar file")
    env = environment(f"sqlite:///{tmp_path / 'b.sqlite3'}", tmp_path / "m")
    result = manage(env, "restore", str(bogus), check=False)
    assert result.returncode != 0 and "không phải bản sao lưu" in result.stderr


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL leg: DATABASE_URL is not postgres://")
def test_postgresql_round_trip(tmp_path):
    import psycopg

    base, _, _ = SERVER_URL.rpartition("/")
    names = [f"dongtam_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("src", "dst")]
    admin_url = base.replace("postgres://", "postgresql://", 1) + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        round_trip(tmp_path, f"{base}/{names[0]}", f"{base}/{names[1]}")
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
