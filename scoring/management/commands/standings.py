"""`python manage.py standings --campaign 2022 --phase 1 --format json|csv|xlsx
[--households] [--output F] [--ward CODE] [--frozen]` — INTERFACES.md "Standings"."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scoring import exports
from scoring.management.phase_options import add_phase_arguments, phase_from_options
from scoring.snapshots import standings_document


class Command(BaseCommand):
    help = (
        "Bảng xếp hạng tổ dân phố của một giai đoạn (R1–R6, R11): JSON, CSV hoặc Excel. "
        "Không có --output thì ghi ra màn hình (stdout)."
    )

    def add_arguments(self, parser):
        add_phase_arguments(parser)
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
        phase_obj = self._phase(campaign, phase, ward)
        shown = standings_document(phase_obj, live=not frozen, households=households)
        if frozen and not shown.frozen:
            raise CommandError(
                f"Giai đoạn {phase_obj.number} của đợt thi đua năm "
                f"{phase_obj.campaign.year} chưa được chốt kết quả."
            )
        data = _encode(shown.doc, fmt, households)
        if output:
            self._write(data, output)
        else:
            self._emit(data, binary=(fmt == "xlsx"))

    def _phase(self, campaign, phase, ward):
        """The phase asked for; a note on stderr when the year is run by several wards and
        none was named."""
        phase_obj = phase_from_options(campaign, phase, ward)
        if ward is None and exports.wards_with_campaign(phase_obj.campaign.year) > 1:
            self.stderr.write(
                f"Lưu ý: nhiều phường có đợt thi đua năm {phase_obj.campaign.year}; đang xuất "
                f"phường {phase_obj.campaign.ward.name} (mã {phase_obj.campaign.ward.code}). "
                "Dùng --ward MÃ để chọn phường khác."
            )
        return phase_obj

    def _write(self, data: bytes, output: str) -> None:
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {output}: {exc.strerror}.") from exc
        self.stderr.write(f"Đã ghi bảng xếp hạng vào {output}.")

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


def _encode(doc: dict, fmt: str, households: bool) -> bytes:
    """The document as INTERFACES.md writes it: JSON (UTF-8, indented), CSV or a workbook."""
    if fmt == "json":
        return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "csv":
        return exports.standings_csv(doc)
    return exports.standings_xlsx(doc, households=households)
