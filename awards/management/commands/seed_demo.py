"""`manage.py seed_demo [--households N] [--seed S] [--phase2] [--reset] [--if-empty] [--force]
[--site URL]`: a living demo — three wards, 2022 complete, this year's campaign under way —
and one demo account per role (awards/demo.py over scoring/demo.py)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from awards import demo
from awards.procedure import state_label
from dongtam.formatting import percent, threshold, vn_date
from households.models import Ward
from scoring import demo as register
from scoring.standings import compute_standings


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: phường Đồng Tâm (16 tổ dân phố) và hai phường nhỏ, đợt thi đua "
        "2022 đã hoàn thành và đợt năm nay đang thực hiện, cùng các tài khoản mẫu."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--households",
            type=int,
            default=register.DEFAULT_HOUSEHOLDS_PER_TDP,
            help=f"số hộ mỗi tổ dân phố (mặc định {register.DEFAULT_HOUSEHOLDS_PER_TDP})",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=register.DEFAULT_SEED,
            help=f"hạt giống ngẫu nhiên, cùng hạt giống cho cùng dữ liệu "
            f"(mặc định {register.DEFAULT_SEED})",
        )
        parser.add_argument(
            "--phase2", action="store_true", help="thêm phiếu chấm giai đoạn 2 (tổng kết)"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="xoá dữ liệu mẫu đang có (hộ, nhân khẩu, phiếu chấm, hồ sơ, khen thưởng, "
            "các phường mẫu) rồi tạo lại",
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
        parser.add_argument(
            "--site",
            default="",
            help="địa chỉ trang web in cùng các tài khoản (mặc định SITE_URL)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG đang tắt (máy chủ thật?): dữ liệu mẫu tạo các tài khoản có mật khẩu "
                "công khai. Nếu đây là máy trình diễn, chạy lại với --force."
            )
        if options["if_empty"] and options["reset"]:
            raise CommandError("Chỉ dùng một trong hai: --if-empty hoặc --reset.")
        site = (options["site"] or settings.SITE_URL).rstrip("/")
        ward = Ward.objects.order_by("pk").first()
        if options["if_empty"] and ward is not None:
            existing = register.demo_data_exists(ward)
            if existing:
                self.stdout.write(
                    f"Phường {ward.name} đã có {existing} hộ gia đình — không tạo dữ liệu mẫu."
                )
                self._print_accounts(register.existing_demo_accounts(), site, existing=True)
                return

        started = time.perf_counter()
        try:
            summary = demo.build_demo(
                seed=options["seed"],
                households_per_tdp=options["households"],
                phase2=options["phase2"],
                reset=options["reset"],
            )
        except register.DemoError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started

        result = summary.register
        per_phase = ", ".join(f"giai đoạn {n}: {c}" for n, c in result.assessments.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {result.households} hộ, {result.residents} nhân khẩu, phiếu chấm "
                f"({per_phase}), {result.house_checks} phiếu nhà văn hóa "
                f"trong {elapsed:.1f} giây (hạt giống {options['seed']})."
            )
        )
        self._print_standings(summary)
        self._print_procedure(summary)
        self._print_accounts(result.accounts, site)

    def _print_standings(self, summary) -> None:
        for phase in summary.frozen:
            if phase.campaign.ward.name != summary.wards[0]:
                continue
            s = compute_standings(phase)
            top = ", ".join(f"tổ {c}" for c in s.award_tdps) or "không tổ nào đạt ngưỡng"
            self.stdout.write(
                f"\n{phase.name} (chốt {vn_date(phase.reference_date)}, ngưỡng "
                f"{threshold(phase.award_threshold)}): đề nghị khen {top}."
            )
            self.stdout.write("  Hạng  Tổ  Tỷ lệ hộ GĐ công dân số  Chưa chấm")
            for t in s.tdps:
                ratio = percent(t.ratio_percent) if t.ratio_percent else "không xếp hạng"
                rank = str(t.rank) if t.rank else "—"
                self.stdout.write(
                    f"  {rank:>4}  {t.code:>2}  {ratio:<24} {t.unscored_residents:>9}"
                )

    def _print_procedure(self, summary) -> None:
        decisions = ", ".join(
            f"{d.reference} ngày {vn_date(d.signed_on)} ({d.ward.name})" for d in summary.decisions
        )
        self.stdout.write(
            f"\nNăm 2022 ({', '.join(summary.wards)}): đã duyệt mọi hồ sơ và chốt kết quả "
            f"{len(summary.frozen)} giai đoạn; quyết định {decisions}; "
            f"{summary.certificates} giấy chứng nhận đã cấp ({summary.revoked} bị thu hồi)."
        )
        phase = summary.current
        if phase is None:
            return
        states = ", ".join(f"{state_label(s)}: {n}" for s, n in summary.states.items())
        self.stdout.write(
            f"Năm {phase.campaign.year} — {phase.name}, bước 1 mở đến "
            f"{vn_date(phase.step1_closes)}, bước 3 hạn nộp {vn_date(phase.step3_closes)}. "
            f"Hồ sơ: {states}."
        )

    def _print_accounts(self, accounts, site: str, existing: bool = False) -> None:
        if not accounts:
            return
        note = " (mật khẩu mặc định, nếu chưa đổi)" if existing else ""
        self.stdout.write(f"\nTài khoản mẫu{note} — đăng nhập tại {site}/accounts/login/")
        self.stdout.write(register.accounts_table(accounts))
