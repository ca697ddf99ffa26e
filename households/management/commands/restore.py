"""`manage.py restore ARCHIVE [--force]`: restores a `manage.py backup` archive into the
database of DATABASE_URL (empty, unless --force) and MEDIA_ROOT, then checks the row counts
against the archive's manifest (households/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from households.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Khôi phục bản sao lưu (cơ sở dữ liệu và media) vào cơ sở dữ liệu trống."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="tệp dongtam-backup-….tar.gz")
        parser.add_argument(
            "--force",
            action="store_true",
            help="ghi đè cả khi cơ sở dữ liệu hoặc thư mục media đã có dữ liệu",
        )

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục bản sao lưu ngày {manifest['created_at']} "
                f"({manifest['engine']}, {rows} dòng dữ liệu, {manifest['media_files']} tệp "
                "media); số dòng từng bảng khớp với bản sao lưu."
            )
        )
