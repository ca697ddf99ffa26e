"""`manage.py seed_demo [--households N] [--seed S] [--phase2] [--reset] [--if-empty]`:
a believable ward to try the app with, and one demo account per role (scoring/demo.py)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from households.models import Ward
from scoring import demo
from scoring.models import Phase
from scoring.standings import compute_standings


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu cho 16 tổ dân phố (hộ, nhân khẩu, phiếu chấm) và các tài khoản "
        "mẫu cho từng vai trò."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--households",
            type=int,
            default=demo.DEFAULT_HOUSEHOLDS_PER_TDP,
            help=f"số hộ mỗi tổ dân phố (mặc định {demo.DEFAULT_HOUSEHOLDS_PER_TDP})",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help=f"hạt giống ngẫu nhiên, cùng hạt giống cho cùng dữ liệu "
            f"(mặc định {demo.DEFAULT_SEED})",
        )
        parser.add_argument(
            "--phase2", action="store_true", help="thêm phiếu chấm giai đoạn 2 (tổng kết)"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="xoá hộ, nhân khẩu, phiếu chấm đang có của phường rồi tạo lại",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="chỉ tạo khi phường chưa có hộ nào; nếu đã có thì chỉ in các tài khoản mẫu",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="cho phép chạy khi DEBUG tắt (máy trình diễn)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG đang tắt (máy chủ thật?): dữ liệu mẫu tạo các tài khoản có mật khẩu "
                "công khai. Nếu đây là máy trình diễn, chạy lại với --force."
            )
        if options["if_empty"] and options["reset"]:
            raise CommandError("Chỉ dùng một trong hai: --if-empty hoặc --reset.")
        ward = Ward.objects.order_by("pk").first()
        if options["if_empty"] and ward is not None:
            existing = demo.demo_data_exists(ward)
            if existing:
                self.stdout.write(
                    f"Phường {ward.name} đã có {existing} hộ gia đình — không tạo dữ liệu mẫu."
                )
                self._print_accounts(demo.existing_demo_accounts(), existing=True)
                return

        started = time.perf_counter()
        try:
            result = demo.seed_demo(
                seed=options["seed"],
                households_per_tdp=options["households"],
                phase2=options["phase2"],
                reset=options["reset"],
            )
        except demo.DemoError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started

        per_phase = ", ".join(f"giai đoạn {n}: {c}" for n, c in result.assessments.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {result.households} hộ, {result.residents} nhân khẩu, phiếu chấm "
                f"({per_phase}), {result.house_checks} phiếu nhà văn hóa "
                f"trong {elapsed:.1f} giây (hạt giống {options['seed']})."
            )
        )
        self._print_standings(2 if options["phase2"] else 1)
        self._print_accounts(result.accounts)

    def _print_standings(self, last_phase: int) -> None:
        phases = Phase.objects.select_related("campaign").filter(
            campaign__year=2022, number__lte=last_phase
        )
        for phase in phases:
            s = compute_standings(phase)
            top = ", ".join(f"tổ {c}" for c in s.award_tdps) or "không tổ nào đạt ngưỡng"
            self.stdout.write(
                f"\n{phase.name} (chốt {phase.reference_date:%d/%m/%Y}, ngưỡng "
                f"{phase.award_threshold.normalize():f} %): đề nghị khen {top}."
            )
            self.stdout.write("  Hạng  Tổ  Tỷ lệ hộ GĐ công dân số  Chưa chấm")
            for t in s.tdps:
                ratio = f"{t.ratio_percent} %" if t.ratio_percent else "không xếp hạng"
                rank = str(t.rank) if t.rank else "—"
                self.stdout.write(
                    f"  {rank:>4}  {t.code:>2}  {ratio:<24} {t.unscored_residents:>9}"
                )

    def _print_accounts(self, accounts, existing: bool = False) -> None:
        if not accounts:
            return
        login = f"{settings.SITE_URL}/accounts/login/"
        note = " (mật khẩu mặc định, nếu chưa đổi)" if existing else ""
        self.stdout.write(f"\nTài khoản mẫu{note} — đăng nhập tại {login}")
        self.stdout.write(demo.accounts_table(accounts))
