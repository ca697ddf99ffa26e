"""`python manage.py print_certificates --campaign 2022 --phase 2 [--tdp CODE] --output FILE.pdf`
— INTERFACES.md "Certificates": one A4 page per digital family of the phase (R3), in TDP then
household-code order, as one PDF with the serif embedded. The pages are rendered in chunks
on every core (awards.printing.chunked) and streamed into a temporary file beside the output,
which replaces the output only when the print is complete."""

import os
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from awards.certificates.services import print_family_certificates, record_certificate_decision
from awards.printing.pdf import NothingToPrint
from awards.procedure.errors import ProcedureError, error_text
from dongtam.formatting import parse_date
from households.models import ResidentialGroup
from households.text import nfc_clean
from scoring import exports


class Command(BaseCommand):
    help = (
        "In giấy chứng nhận “Gia đình công dân số” của một giai đoạn (một trang A4 mỗi gia "
        "đình, theo tổ dân phố rồi mã hộ) vào một tệp PDF. In lại giữ nguyên số giấy."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", required=True, help="năm đợt thi đua, ví dụ 2022")
        parser.add_argument("--phase", required=True, help="số giai đoạn: 1 (sơ kết), 2 …")
        parser.add_argument("--tdp", help="mã tổ dân phố (ví dụ 8); bỏ trống: toàn phường")
        parser.add_argument("--output", required=True, help="tệp PDF sẽ ghi, ví dụ gcn.pdf")
        parser.add_argument(
            "--ward", help="mã phường (khi cơ sở dữ liệu có nhiều phường); mặc định phường đầu"
        )
        parser.add_argument(
            "--decision",
            help="số quyết định công nhận của giai đoạn, ví dụ 125/QĐ-UBND (ghi một lần, R14)",
        )
        parser.add_argument("--decision-date", help="ngày ký quyết định, ví dụ 2022-11-15")

    def handle(self, *args, campaign, phase, tdp, output, ward, **opts):
        try:
            phase_obj = exports.find_phase(campaign, phase, ward)
        except exports.PhaseLookupError as exc:
            raise CommandError(str(exc)) from exc
        self._record_decision(phase_obj, opts.get("decision"), opts.get("decision_date"))
        tdp_obj = None
        if tdp is not None:
            code = nfc_clean(tdp)
            code = code.lstrip("0") or code if code.isdigit() else code
            tdp_obj = ResidentialGroup.objects.filter(
                ward_id=phase_obj.campaign.ward_id, code=code
            ).first()
            if tdp_obj is None:
                raise CommandError(
                    f"Không có tổ dân phố mã “{tdp}” ở phường {phase_obj.campaign.ward.name}."
                )
        path = Path(output)
        if path.parent and not path.parent.is_dir():
            raise CommandError(f"Không có thư mục {path.parent} để ghi tệp {output}.")

        started = time.monotonic()
        try:
            fd, partial = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=".part", dir=path.parent or None
            )
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {output}: {exc.strerror}.") from exc
        try:
            with os.fdopen(fd, "wb") as f:
                issued = print_family_certificates(phase_obj, tdp_obj, f)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(partial, 0o666 & ~umask)  # as a plainly created file (mkstemp: 0600)
            os.replace(partial, path)
        except NothingToPrint as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {output}: {exc.strerror}.") from exc
        finally:
            if os.path.exists(partial):
                os.remove(partial)
        pages = len(issued.items)
        self.stdout.write(
            f"Đã in {pages} giấy chứng nhận ({issued.created} cấp mới, "
            f"{pages - issued.created} in lại giữ nguyên số) vào {output} "
            f"trong {time.monotonic() - started:.1f} giây."
        )
        if issued.revoked_skipped:
            self.stdout.write(f"Bỏ qua {issued.revoked_skipped} giấy chứng nhận đã bị thu hồi.")

    def _record_decision(self, phase, reference, raw_date):
        """R14: `--decision` and `--decision-date` record the phase's certificate decision
        when none is recorded yet (the same one again is accepted)."""
        if reference is None and raw_date is None:
            return
        if reference is None or raw_date is None:
            raise CommandError("Cần cả --decision và --decision-date (số và ngày quyết định).")
        signed_on = parse_date(raw_date)
        if signed_on is None:
            raise CommandError(f"Ngày quyết định “{raw_date}” không đúng dạng 2022-11-15.")
        try:
            decision = record_certificate_decision(phase, reference, signed_on)
        except ProcedureError as exc:
            raise CommandError(error_text(exc)) from exc
        self.stdout.write(f"Giấy chứng nhận dựa trên {decision}.")
