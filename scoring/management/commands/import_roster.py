"""`python manage.py import_roster FILE --campaign 2022 --phase 1 [--dry-run]` (INTERFACES.md).

All or nothing: every problem is listed as `Dòng <row>, cột <header>: <reason>` and the exit
status is non-zero; --dry-run validates and writes nothing. Step windows do not bind the
command line (R12)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scoring.importing import import_roster
from scoring.models import Phase


class Command(BaseCommand):
    help = "Nhập danh sách nhân khẩu và phiếu tự chấm (bước 1) từ bảng tính .xlsx/.xls/.ods."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp bảng tính (.xlsx, .xls, .ods)")
        parser.add_argument("--campaign", required=True, help="Năm của đợt thi đua, ví dụ 2022")
        parser.add_argument("--phase", required=True, type=int, help="Giai đoạn: 1 hoặc 2")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì vào cơ sở dữ liệu"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")
        campaign = options["campaign"].strip()
        phases = Phase.objects.select_related("campaign__ward").filter(
            campaign__year=int(campaign) if campaign.isdigit() else -1,
            number=options["phase"],
        )
        phases = list(phases[:2])
        if not phases:
            raise CommandError(
                f"Không có giai đoạn {options['phase']} của đợt thi đua {campaign}."
            )
        if len(phases) > 1:
            raise CommandError(f"Có nhiều phường cùng có đợt thi đua {campaign}.")
        phase = phases[0]

        report = import_roster(path, phase=phase, dry_run=options["dry_run"], filename=path.name)
        for line in report.warning_lines():
            self.stdout.write(f"Cảnh báo — {line}")
        if not report.ok:
            for line in report.error_lines():
                self.stderr.write(line)
            raise CommandError(
                f"Tệp có {len(report.errors)} lỗi: không ghi gì vào cơ sở dữ liệu. "
                "Hãy sửa các dòng trên rồi nhập lại."
            )
        for line in report.summary_lines():
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write("Chạy thử (--dry-run): tệp hợp lệ, chưa ghi gì vào cơ sở dữ liệu.")
        else:
            self.stdout.write(self.style.SUCCESS("Đã nhập xong."))
