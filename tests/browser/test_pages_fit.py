"""Every page a person uses, at 360 px (a TDP team member's phone) and 1,280 px (the office's
screen), in headless Chromium, over a believable ward (seed_demo, 5 households per TDP) in the
middle of phase 1: dossiers in every state, proposals, a decision, certificates, a print job.

For each page: HTTP 200, one <h1>, nothing wider than the screen (tables scroll inside their
own .table-responsive box), and a screenshot in test-output/screenshots/page-<name>-<width>.png.
A last check keeps the list complete: every named URL of the app is either visited here or
listed with the reason it is not a page (downloads, POST-only actions, JSON)."""

import datetime
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import Workbook

from awards.certificates import services as certificates
from awards.decisions import services as decisions
from awards.models import Dossier, PrintJob, WardTarget
from awards.procedure import submit_dossier
from awards.proposals import services as proposals
from awards.review import services as review
from households.models import Household, ResidentialGroup
from scoring import demo
from scoring.models import Assessment, Campaign
from tests.browser.support import (
    DESKTOP,
    PHONE,
    has_horizontal_overflow,
    login,
    screenshot,
    wide_elements,
)

pytestmark = pytest.mark.browser

# Named URLs that are not pages a person reads: POST-only actions, JSON for polling, and
# downloads whose address does not end in a file extension (those that do are recognised
# by DOWNLOAD_ROUTE).
DOWNLOAD_ROUTE = re.compile(r"\.(xlsx|pdf|docx|csv|<str:fmt>)/?$")
NOT_PAGES = {
    "print_job_download": "pdf download",
    "certificate_pdf": "pdf download (re-print one certificate)",
    "selfassessment_lookup": "finds a household, then redirects to its form (pdf / docx)",
    "entry_service_worker": "javascript (the offline app's worker)",
    "entry_manifest": "json (the offline app's manifest)",
    # POST-only actions (their result pages are visited)
    "entry_submit": "POST",
    "review_bulk_approve": "POST",
    "review_unfreeze": "POST",
    "review_reopen_window_all": "POST",
    "review_reopen_window": "POST",
    "review_return": "POST",
    "review_reopen": "POST",
    "proposals_generate": "POST",
    "proposals_bulk_approve": "POST",
    "proposal_delete": "POST",
    "proposal_decide": "POST",
    "ward_target_delete": "POST",
    "pledge_delete": "POST",
    "pledge_move": "POST",
    "decision_merit_print": "POST",
    "setup_user_active": "POST",
    "print_job_status": "JSON polled by the print job page",
    # framework
    "logout": "POST",
}


def _page_urls(resolver=None):
    """Names of the app's URL patterns that are pages (not file downloads, not the admin)."""
    resolver = resolver or get_resolver()
    names = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace != "admin":  # Django's own admin is not the ward's workflow
                names |= _page_urls(p)
        elif isinstance(p, URLPattern) and p.name and not DOWNLOAD_ROUTE.search(str(p.pattern)):
            names.add(p.name)
    return names


def _roster_workbook(tdp_code: str) -> bytes:
    """A TDP's sheet with two good rows and one mistake, so the preview shows both."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Tổ dân phố", "Mã hộ", "Chủ hộ", "Họ và tên", "Ngày sinh", "Giới tính"] +
              [f"TC{n}" for n in range(1, 11)])  # fmt: skip
    ws.append([tdp_code, "N-801", "x", "Đặng Thị Ngọc Ánh", "12/03/1975", "Nữ"] + ["x"] * 10)
    ws.append([tdp_code, "N-801", "", "Đặng Văn Khải", "01/01/1970", "Nam"] + ["x"] * 9 + [""])
    ws.append([tdp_code, "N-802", "x", "Bùi Văn Lâm", "31/02/1980", "Nam"] + [""] * 10)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def ward_in_use(current_phase, settings, tmp_path):
    """seed_demo's ward (5 households a TDP) in phase 1, with the procedure under way."""
    settings.MEDIA_ROOT = tmp_path / "media"
    phase = current_phase
    result = demo.seed_demo(households_per_tdp=5)
    users = demo.ensure_demo_accounts(phase.campaign.ward)
    office, chairman, team8 = users["thuongtruc"], users["chutich"], users["tocds8"]
    tdps = {t.code: t for t in ResidentialGroup.objects.all()}

    # TDP 8 (the team's own) is still keying in; others are at every later state.
    submitted = submit_dossier(office, tdps["12"], phase)
    returned = submit_dossier(office, tdps["9"], phase)
    review.return_dossier(returned, office, "Hộ 9-003: bổ sung phiếu của hai người chưa chấm.")
    approved = submit_dossier(office, tdps["10"], phase)
    review.approve_dossier(approved, office)
    submit_dossier(office, tdps["11"], phase)
    Dossier.objects.filter(tdp=tdps["11"]).update(submitted_late=True)

    WardTarget.objects.create(
        campaign=phase.campaign,
        indicator=WardTarget.Indicator.DIGITAL_FAMILY_PERCENT,
        target_value=Decimal("80"),
    )
    target = WardTarget.objects.create(
        campaign=phase.campaign,
        indicator=WardTarget.Indicator.DIGITAL_CULTURAL_HOUSES,
        target_value=Decimal("10"),
    )
    pledge = proposals.save_pledge(
        phase.campaign,
        {"organisation": "Ủy ban MTTQ phường Đồng Tâm", "representative": "Trần Văn Hùng"},
    )
    proposals.save_pledge(
        phase.campaign,
        {"organisation": "Viettel Yên Bái — chi nhánh Đồng Tâm", "representative": "Lò Văn Sơn"},
    )
    proposals.generate_proposals(phase, office)
    individual = proposals.save_nomination(
        phase,
        {
            "category": "individual",
            "recipient_name": "Phạm Đức Thắng",
            "recipient_sex": "M",
            "recipient_position": "Tổ trưởng Tổ chuyển đổi số cộng đồng tổ dân phố số 8",
            "proposing_unit": "Tổ dân phố số 8",
            "achievement": "Hướng dẫn 120 người dân kích hoạt định danh điện tử mức 2.",
        },
        office,
    )
    collective = proposals.save_nomination(
        phase,
        {
            "category": "collective",
            "recipient_name": "Hội Liên hiệp Phụ nữ phường Đồng Tâm",
            "proposing_unit": "Ủy ban MTTQ phường",
            "achievement": "Tuyên truyền thanh toán không dùng tiền mặt tại các chợ.",
        },
        office,
    )
    proposals.decide(individual, chairman, approve=True)
    proposals.decide(collective, chairman, approve=True)
    decision = decisions.create_decision(
        phase,
        number=86,
        signed_on=datetime.date(2022, 9, 15),
        signer_name="Nguyễn Ngọc Hà",
        signer_title="CHỦ TỊCH",
        title="Về việc khen thưởng sơ kết phong trào thi đua “Chuyển đổi số” năm 2022",
        lines=[
            decisions.AwardLine(individual.pk, Decimal(500000), "GK-01"),
            decisions.AwardLine(collective.pk, Decimal(1000000), "GK-02"),
        ],
        user=chairman,
    )
    issued = certificates.issue_certificates(phase)
    assert issued.certificates, "seed_demo's phase 1 has digital families"
    certificate = issued.certificates[0]
    job = PrintJob.objects.create(
        kind=PrintJob.Kind.FAMILY_CERTIFICATES,
        params={"phase_id": phase.pk, "tdp_id": None},
        created_by=office,
        total=len(issued.certificates),
        done=len(issued.certificates) // 2,
        status=PrintJob.Status.RUNNING,
        stage=f"Đang dàn trang {len(issued.certificates) // 2}/{len(issued.certificates)}",
    )
    # The TDP 8 household with most people (the longest household page).
    household = max(
        Household.objects.filter(tdp=tdps["8"]).prefetch_related("residents"),
        key=lambda h: (len(h.residents.all()), h.code),
    )
    resident = household.residents.order_by("birth_date").first()
    assert Assessment.objects.filter(resident__household=household, phase=phase).exists()
    return {
        "phase": phase,
        "campaign": Campaign.objects.get(pk=phase.campaign_id),
        "tdp8": tdps["8"],
        "tdp9": tdps["9"],
        "household": household,
        "resident": resident,
        "target": target,
        "pledge": pledge,
        "proposal": individual,
        "decision": decision,
        "certificate": certificate,
        "job": job,
        "team_account": team8,
        "households": result.households,
        "submitted": submitted,
    }


def _pages(d):
    """(URL name, role, address) of every page, with the role that uses it; addresses come
    from the names (reverse), so a page listed here is the page its name stands for."""
    p, y, n = d["phase"], d["campaign"].year, d["phase"].number
    t8, h, r = d["tdp8"], d["household"], d["resident"]
    pages = [
        # TDP team on a phone: steps 1–3
        ("home", "team", []),
        ("entry_home", "team", []),
        ("entry_tdp_list", "team", [p.pk, t8.pk]),
        ("entry_household", "team", [p.pk, h.pk]),
        ("entry_review", "team", [p.pk, h.pk]),
        ("entry_household_add", "team", [p.pk, t8.pk]),
        ("entry_household_edit", "team", [p.pk, h.pk]),
        ("entry_member_add", "team", [p.pk, h.pk]),
        ("entry_member_edit", "team", [p.pk, r.pk]),
        ("entry_member_move", "team", [p.pk, r.pk]),
        ("entry_member_status", "team", [p.pk, r.pk]),
        ("entry_household_history", "team", [h.pk]),
        ("entry_cultural_house", "team", [p.pk, t8.pk]),
        ("entry_tdp_summary", "team", [p.pk, t8.pk]),
        ("dashboard", "team", []),
        ("dashboard_tdp", "team", [t8.pk]),
        ("standings", "team", []),
        ("import_roster_upload", "team", []),
        ("reports_home", "team", []),
        # the standing office
        ("dashboard", "office", []),
        ("dashboard_tdp", "office", [d["submitted"].tdp_id]),
        ("review_list", "office", [], f"phase={p.pk}"),
        ("review_dossier", "office", [p.pk, d["submitted"].tdp_id]),
        ("review_dossier_windows", "office", [p.pk, d["submitted"].tdp_id]),
        ("review_approve", "office", [p.pk, d["submitted"].tdp_id]),  # its confirmation
        ("review_freeze", "office", [p.pk]),  # its confirmation
        ("review_audit", "office", [p.pk, t8.pk]),
        ("review_correct", "office", [p.pk, r.pk]),
        ("standings", "office", [], f"phase={p.pk}"),
        ("import_roster_upload", "office", []),
        ("setup_home", "office", []),
        ("setup_campaign_new", "office", []),
        ("setup_campaign_edit", "office", [d["campaign"].pk]),
        ("setup_campaign_copy", "office", [d["campaign"].pk]),
        ("setup_phase_new", "office", [d["campaign"].pk]),
        ("setup_phase_edit", "office", [p.pk]),
        ("setup_users", "office", []),
        ("setup_user_new", "office", []),
        ("setup_user_edit", "office", [d["team_account"].pk]),
        ("proposals_index", "office", []),
        ("proposals_list", "office", [y, n]),
        ("proposal_nominate", "office", [y, n]),
        ("proposal_detail", "office", [d["proposal"].pk]),
        ("proposal_edit", "office", [d["proposal"].pk]),
        ("ward_targets", "office", [y, n]),
        ("ward_target_add", "office", [y, n]),
        ("ward_target_edit", "office", [y, n, d["target"].pk]),
        ("pledges", "office", [y]),
        ("pledge_add", "office", [y]),
        ("pledge_edit", "office", [y, d["pledge"].pk]),
        ("decisions_list", "office", [y]),
        ("decision_create", "office", [y, n]),
        ("decision_detail", "office", [d["decision"].pk]),
        ("reports_index", "office", [y, n]),
        ("certificate_list", "office", [], f"phase={p.pk}"),
        ("certificate_print", "office", [], f"phase={p.pk}"),
        ("certificate_revoke", "office", [d["certificate"].pk]),
        ("print_job_list", "office", []),
        ("print_job_detail", "office", [d["job"].pk]),
        # the Chairman decides the proposals
        ("proposals_list", "chairman", [y, n]),
        ("proposal_detail", "chairman", [d["proposal"].pk]),
        # the city's office compares the wards and assigns their targets
        ("city_overview", "city", []),
        ("city_targets", "city", [y, d["campaign"].ward_id]),
        # anyone: the log-in, and the check of a certificate behind its QR code
        ("login", "anonymous", []),
        ("verify_lookup", "anonymous", []),
        ("verify_certificate", "anonymous", [d["certificate"].verification_code]),
    ]
    return [
        (name, role, reverse(name, args=args) + (f"?{rest[0]}" if rest else ""))
        for name, role, args, *rest in pages
    ]


# One round trip per page: the headings and whether anything is wider than the screen (the
# same test as has_horizontal_overflow()).
PAGE_FACTS = """() => {
    const h1 = document.querySelectorAll("h1");
    return {
        h1: h1.length,
        h1_text: h1.length ? h1[0].innerText.trim() : "",
        overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
    };
}"""

ACCOUNTS = {"team": "tocds8", "office": "thuongtruc", "chairman": "chutich", "city": "thanhpho"}


def test_every_page_fits_360_and_1280_px(new_page, ward_in_use):
    pages = _pages(ward_in_use)
    # Browsers: one phone and one desktop context per role, logged in once.
    tabs = {}
    for role in ("team", "office", "chairman", "city", "anonymous"):
        for viewport in (PHONE, DESKTOP):
            page = new_page(viewport)
            if role != "anonymous":
                username = ACCOUNTS[role]
                login(page, username, f"demo-{username}")
                assert "/accounts/login/" not in page.url, f"{username} could not log in"
            tabs[role, viewport["width"]] = page

    problems = []
    for name, role, url in pages:
        for width in (PHONE["width"], DESKTOP["width"]):
            page = tabs[role, width]
            response = page.goto(url, wait_until="load")
            where = f"{name} ({role}, {width} px, {url})"
            if response.status != 200:
                problems.append(f"{where}: HTTP {response.status}")
                continue
            seen = page.evaluate(PAGE_FACTS)
            if seen["h1"] != 1 or not seen["h1_text"]:
                problems.append(f"{where}: {seen['h1']} <h1>")
            if seen["overflow"]:
                problems.append(f"{where}: wider than the screen: {wide_elements(page)}")
            label = name if role in ("office", "anonymous") else f"{name}-{role}"
            screenshot(page, f"page-{label}")

    # The roster import's preview (a POST result): a TDP's file with one mistake.
    for width in (PHONE["width"], DESKTOP["width"]):
        page = tabs["team", width]
        page.goto("/nhap-danh-sach/")
        page.set_input_files(
            "input[type=file]",
            files=[
                {
                    "name": "to-8.xlsx",
                    "mimeType": "application/vnd.openxmlformats-officedocument"
                    ".spreadsheetml.sheet",
                    "buffer": _roster_workbook("8"),
                }
            ],
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Tải lên và kiểm tra").click()
        where = f"import_roster_confirm (team, {width} px)"
        if "Kiểm tra tệp “to-8.xlsx”" not in page.locator("h1").inner_text():
            problems.append(f"{where}: no preview: {page.locator('h1').inner_text()}")
        if "Dòng 4" not in page.content():
            problems.append(f"{where}: the wrong date of row 4 is not reported")
        if has_horizontal_overflow(page):
            problems.append(f"{where}: wider than the screen: {wide_elements(page)}")
        screenshot(page, "page-import_roster_confirm")

    assert not problems, "\n".join(problems)

    visited = {name for name, _, _ in pages} | {"import_roster_confirm"}
    missing = _page_urls() - visited - set(NOT_PAGES)
    assert not missing, f"pages not checked at 360/1280 px (add them to _pages): {missing}"
