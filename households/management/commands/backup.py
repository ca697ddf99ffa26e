"""`manage.py backup [--output DIR]`: one dated archive of the database and MEDIA_ROOT
(households/backup.py). DIR defaults to settings.BACKUP_DIR (env BACKUP_DIR)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from households.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và thư mục media vào một tệp .tar.gz có ghi ngày giờ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="thư mục lưu bản sao lưu (mặc định: BACKUP_DIR)",
        )

    def handle(self, *args, **options):
        output = options["output"] or Path(settings.BACKUP_DIR)
        try:
            path, manifest = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu ({manifest['engine']}, {rows} dòng dữ liệu, "
                f"{manifest['media_files']} tệp media): {path}"
            )
        )
