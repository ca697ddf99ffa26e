"""`python manage.py copy_campaign --from 2022 --year 2023 [--ward CODE]` (INTERFACES.md).

Creates the new year's campaign of the same ward: phases, thresholds, reference dates and
windows moved by the years between, targets and pledge list (awards.campaigns.services).
Refuses, with a non-zero exit and a clear message, when the source does not exist or the
target year already does. `--ward` chooses the ward where several have the source year."""

from django.core.management.base import BaseCommand, CommandError

from awards.campaigns.services import copy_campaign
from awards.procedure.errors import ProcedureError, error_text
from scoring.models import Campaign


class Command(BaseCommand):
    help = "Sao chép một đợt thi đua sang năm mới (giai đoạn, thời hạn, chỉ tiêu, cam kết)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="Năm nguồn, ví dụ 2022")
        parser.add_argument("--year", required=True, type=int, help="Năm mới, ví dụ 2023")
        parser.add_argument("--ward", help="Mã phường (khi nhiều phường có đợt thi đua năm nguồn)")

    def handle(self, *args, **options):
        raw = options["source"].strip()
        sources = Campaign.objects.select_related("ward").filter(
            year=int(raw) if raw.isdigit() else -1
        )
        if options["ward"]:
            sources = sources.filter(ward__code=options["ward"].strip())
        sources = list(sources[:2])
        if not sources:
            raise CommandError(f"Không có đợt thi đua năm {raw} để sao chép.")
        if len(sources) > 1:
            raise CommandError(
                f"Có nhiều phường cùng có đợt thi đua năm {raw}: chọn một bằng --ward MÃ."
            )
        try:
            campaign = copy_campaign(sources[0], options["year"])
        except ProcedureError as exc:
            raise CommandError(error_text(exc)) from exc
        phases = campaign.phases.order_by("number")
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {campaign} ({sources[0].ward.name})."))
        for phase in phases:
            self.stdout.write(
                f"  Giai đoạn {phase.number}: ngày chốt số liệu {phase.reference_date:%d/%m/%Y}, "
                f"bước 1 từ {phase.step1_opens:%d/%m/%Y} đến {phase.step1_closes:%d/%m/%Y}."
            )
