"""Backups that restore (`manage.py backup`, `manage.py restore`): one dated .tar.gz holding
the database and the media folder, with a manifest.

    dongtam-backup-20221115-173000.tar.gz
      manifest.json      format, date, engine, app and Django versions, row counts per model
      database.dump      PostgreSQL: pg_dump --format=custom      (or)
      database.sqlite3   SQLite: a copy made with the online backup API
      media/…            MEDIA_ROOT: issued PDFs, kept uploads

Both stay consistent while the app runs: pg_dump reads one snapshot, and SQLite's backup
API copies a consistent state of the file. Restoring goes into an *empty* database (nothing
but what `migrate` writes by itself) and an empty media folder unless forced, then checks
the restored row counts against the manifest.

This module sits in the lowest app and counts rows through django.apps, so it knows nothing
of scoring or awards.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Rows `migrate` writes by itself: a database holding only these counts as empty.
MIGRATE_MODELS = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """A clear, Vietnamese reason why a backup or restore cannot go on."""


def engine_name(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMP:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại “{vendor}”.")
    return vendor


def app_version() -> str:
    try:
        project = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text("utf-8"))
        return project["project"]["version"]
    except (OSError, KeyError, ValueError):
        return "unknown"


def _tables() -> dict[str, str]:
    """Model label (app_label.model_name) → table, for every concrete model."""
    return {
        model._meta.label_lower: model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed
    }


def row_counts(alias: str = "default") -> dict[str, int]:
    """Rows per model (app_label.model_name), for every model whose table exists."""
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for label, table in sorted(_tables().items()):
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[label] = cursor.fetchone()[0]
    return counts


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        existing = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        return {
            label: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for label, table in sorted(_tables().items())
            if table in existing
        }
    finally:
        db.close()


def _pg_env(alias: str) -> dict[str, str]:
    db = connections[alias].settings_dict
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"Không tìm thấy {command[0]}: cài gói postgresql-client (Debian) rồi chạy lại."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} lỗi (mã {result.returncode}): {result.stderr.strip()}")


def _sqlite_path(alias: str) -> str:
    name = str(connections[alias].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file::memory:") or "mode=memory" in name:
        raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu/khôi phục được.")
    return name


def _dump_database(target: Path, alias: str) -> dict[str, int]:
    """Writes the dump and returns the row counts of exactly what it holds."""
    engine = engine_name(alias)
    if engine == "postgresql":
        # Count and dump one snapshot: a repeatable-read transaction exports it, pg_dump
        # reads the same, so the manifest matches the dump while the app keeps writing.
        connection = connections[alias]
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = row_counts(alias)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(target),
                ],
                _pg_env(alias),
            )
        return counts
    else:
        source = sqlite3.connect(f"file:{_sqlite_path(alias)}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        return _sqlite_counts(target)


def archive_name(now: datetime.datetime | None = None) -> str:
    now = timezone.localtime(now)
    return f"dongtam-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def create_backup(output_dir: Path, alias: str = "default", now=None) -> tuple[Path, dict]:
    """Writes the archive into output_dir and returns (path, manifest). The archive appears
    under its final name only once complete."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    path = output_dir / archive_name(now)
    if path.exists():
        raise BackupError(f"Đã có tệp {path}: đợi một giây rồi chạy lại.")
    engine = engine_name(alias)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="dongtam-backup-") as work:
        dump = Path(work) / DUMP[engine]
        counts = _dump_database(dump, alias)
        media_files = (
            sum(1 for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else 0
        )
        manifest = {
            "format": FORMAT,
            "created_at": timezone.localtime(now).isoformat(timespec="seconds"),
            "engine": engine,
            "database_file": DUMP[engine],
            "app_version": app_version(),
            "django_version": django.get_version(),
            "media_files": media_files,
            "counts": counts,
        }
        (Path(work) / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8"
        )
        partial = output_dir / (path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=DUMP[engine])
            if media_root.is_dir():
                tar.add(media_root, arcname="media")
            else:
                info = tarfile.TarInfo("media")
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
        os.replace(partial, path)
    return path, manifest


# --- restore ------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read().decode("utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"Không có tệp {archive}.") from exc
    except (tarfile.TarError, KeyError, ValueError, OSError) as exc:
        raise BackupError(f"{archive} không phải bản sao lưu của ứng dụng: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu định dạng {manifest.get('format')!r}, cần {FORMAT}.")
    return manifest


def database_contents(alias: str = "default") -> list[str]:
    """Models holding rows beyond what `migrate` writes by itself (empty list: empty)."""
    return [
        label
        for label, count in row_counts(alias).items()
        if count and label not in MIGRATE_MODELS
    ]


def _restore_database(dump: Path, engine: str, alias: str) -> None:
    connections[alias].close()
    if engine == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                _pg_env(alias)["PGDATABASE"],
                str(dump),
            ],
            _pg_env(alias),
        )
    else:
        target = _sqlite_path(alias)
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        try:
            destination = sqlite3.connect(target)
            try:
                source.backup(destination)  # replaces the whole file's content
            finally:
                destination.close()
        finally:
            source.close()
    connections[alias].close()


def restore_backup(archive: Path, *, force: bool = False, alias: str = "default") -> dict:
    """Restores the archive's database and media; returns the manifest. Refuses a database
    or media folder that is not empty unless force. Raises BackupError when the restored
    row counts differ from the manifest's."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    engine = engine_name(alias)
    if manifest["engine"] != engine:
        raise BackupError(
            f"Bản sao lưu là của {manifest['engine']}, còn cơ sở dữ liệu đích là {engine}: "
            "khôi phục vào cùng loại cơ sở dữ liệu."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        filled = database_contents(alias)
        if filled:
            raise BackupError(
                "Cơ sở dữ liệu đích đã có dữ liệu ("
                + ", ".join(filled[:5])
                + (", …" if len(filled) > 5 else "")
                + "): khôi phục vào cơ sở dữ liệu trống, hoặc thêm --force để ghi đè."
            )
        if media_root.is_dir() and any(media_root.iterdir()):
            raise BackupError(
                f"Thư mục media {media_root} đã có tệp: dùng thư mục trống, hoặc thêm --force."
            )
    with tempfile.TemporaryDirectory(prefix="dongtam-restore-") as work:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # no absolute paths, links out or devices
        dump = Path(work) / manifest["database_file"]
        if dump.name not in DUMP.values() or not dump.is_file():
            raise BackupError(f"Bản sao lưu thiếu tệp cơ sở dữ liệu {dump.name}.")
        _restore_database(dump, engine, alias)
        media = Path(work) / "media"
        if media.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(media, media_root, dirs_exist_ok=True)
    restored = row_counts(alias)
    differing = {
        label: (count, restored.get(label))
        for label, count in manifest["counts"].items()
        if restored.get(label) != count
    }
    if differing:
        lines = ", ".join(f"{k}: {a} → {b}" for k, (a, b) in list(differing.items())[:10])
        raise BackupError(f"Số dòng sau khi khôi phục khác bản sao lưu: {lines}")
    return manifest
