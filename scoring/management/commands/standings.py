"""`python manage.py standings --campaign 2022 --phase 1 --format json|csv|xlsx
[--households] [--output F] [--ward CODE] [--frozen]` — INTERFACES.md "Standings"."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scoring import exports
from scoring.snapshots import standings_document


class Command(BaseCommand):
    help = (
        "Bảng xếp hạng tổ dân phố của một giai đoạn (R1–R6, R11): JSON, CSV hoặc Excel. "
        "Không có --output thì ghi ra màn hình (stdout)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, help="năm đợt thi đua, ví dụ 2022")
        parser.add_argument("--phase", required=True, help="số giai đoạn: 1 (sơ kết), 2 …")
        parser.add_argument(
            "--format", dest="fmt", choices=("json", "csv", "xlsx"), default="json"
        )
        parser.add_argument(
            "--households",
            action="store_true",
            help="kèm chi tiết từng hộ (JSON: households_detail; xlsx: trang “Hộ gia đình”)",
        )
        parser.add_argument("--output", help="ghi vào tệp này thay vì stdout")
        parser.add_argument(
            "--ward", help="mã phường (khi cơ sở dữ liệu có nhiều phường); mặc định phường đầu"
        )
        parser.add_argument(
            "--frozen",
            action="store_true",
            help="xuất kết quả đã chốt của giai đoạn (R13) thay vì số liệu hiện tại",
        )

    def handle(self, *args, campaign, phase, fmt, households, output, ward, frozen, **opts):
        if fmt == "csv" and households:
            raise CommandError(
                "Định dạng csv chỉ có một bảng (xếp hạng tổ dân phố). Để xem chi tiết từng hộ, "
                "dùng --format xlsx (trang “Hộ gia đình”) hoặc --format json."
            )
        try:
            phase_obj = exports.find_phase(campaign, phase, ward)
        except exports.PhaseLookupError as exc:
            raise CommandError(str(exc)) from exc
        if ward is None and exports.wards_with_campaign(phase_obj.campaign.year) > 1:
            self.stderr.write(
                f"Lưu ý: nhiều phường có đợt thi đua năm {phase_obj.campaign.year}; đang xuất "
                f"phường {phase_obj.campaign.ward.name} (mã {phase_obj.campaign.ward.code}). "
                "Dùng --ward MÃ để chọn phường khác."
            )

        shown = standings_document(phase_obj, live=not frozen, households=households)
        if frozen and not shown.frozen:
            raise CommandError(
                f"Giai đoạn {phase_obj.number} của đợt thi đua năm "
                f"{phase_obj.campaign.year} chưa được chốt kết quả."
            )
        doc = shown.doc

        if fmt == "json":
            data = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        elif fmt == "csv":
            data = exports.standings_csv(doc)
        else:
            data = exports.standings_xlsx(doc, households=households)

        if output:
            path = Path(output)
            try:
                path.write_bytes(data)
            except OSError as exc:
                raise CommandError(f"Không ghi được tệp {output}: {exc.strerror}.") from exc
            self.stderr.write(f"Đã ghi bảng xếp hạng vào {output}.")
            return
        self._emit(data, binary=(fmt == "xlsx"))

    def _emit(self, data: bytes, binary: bool) -> None:
        """Bytes to stdout: through its binary buffer when there is one (UTF-8 whatever the
        locale); a workbook is never dumped on a terminal."""
        out = getattr(self.stdout, "_out", sys.stdout)
        if binary and getattr(out, "isatty", lambda: False)():
            raise CommandError(
                "Tệp Excel là dữ liệu nhị phân, không in ra màn hình được: "
                "hãy thêm --output TEN_TEP.xlsx (hoặc chuyển hướng: > bang-xep-hang.xlsx)."
            )
        buffer = getattr(out, "buffer", None)
        if buffer is not None:
            out.flush()
            buffer.write(data)
            buffer.flush()
        elif hasattr(out, "getbuffer"):  # io.BytesIO given by a caller
            out.write(data)
        elif binary:
            raise CommandError("Tệp Excel cần --output TEN_TEP.xlsx.")
        else:
            out.write(data.decode("utf-8"))
