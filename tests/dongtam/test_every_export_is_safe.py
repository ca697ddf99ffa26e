"""Every workbook and CSV the app writes is safe to open (issue 8, "formula injection in 9 of
14 exports"): a resident, a household code, a gold-book number and an organisation typed as
formulas come back as text, every sheet title is valid whatever the codes hold, and every
download name survives them. Each export is downloaded as a person would and read back."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from awards.decisions import services as decisions
from awards.models import AwardProposal, Pledge
from households.models import Resident
from tests.support import ADULT, ALL_MET, make_household

NAME = '=HYPERLINK("http://x","y")'
CODE = "=1+1/A:B"


@pytest.fixture
def nasty(phase1, campaign, tdp, chairman_user):
    household = make_household(tdp, CODE, [(ADULT, ALL_MET)], phase=phase1)
    Resident.objects.filter(household=household).update(full_name=NAME)
    household.head = household.residents.first()
    household.save()
    Pledge.objects.create(campaign=campaign, organisation="=1+1", representative="@SUM(A1)")
    line = AwardProposal.objects.create(
        campaign=campaign,
        phase=phase1,
        category=AwardProposal.Category.INDIVIDUAL,
        recipient_name="+1+1",
        achievement="-2+3",
        status=AwardProposal.Status.APPROVED,
        decided_by=chairman_user,
    )
    decision = decisions.create_decision(
        phase1,
        number=7,
        signed_on=datetime.date(2022, 9, 15),
        signer_name="Nguyễn Ngọc Hà",
        signer_title="CHỦ TỊCH",
        title="Khen thưởng",
        lines=[decisions.AwardLine(line.pk, Decimal(1), "=1+1")],
        user=chairman_user,
    )
    return household, decision


def _exports(phase, tdp, household, decision):
    y, n = phase.campaign.year, phase.number
    return {
        "standings": reverse("standings_xlsx") + f"?phase={phase.pk}",
        "dashboard households": reverse("dashboard_export", args=["households"])
        + f"?phase={phase.pk}&tdp={tdp.pk}",
        "dashboard progress": reverse("dashboard_export", args=["progress"])
        + f"?phase={phase.pk}",
        "dashboard adoption": reverse("dashboard_export", args=["adoption"])
        + f"?phase={phase.pk}",
        "tdp summary": reverse("tdp_summary", args=[y, n, tdp.code, "xlsx"]),
        "ward results": reverse("ward_results", args=[y, n, "xlsx"]),
        "household forms": reverse("selfassessment_household", args=[y, n, household.pk, "xlsx"]),
        "tdp forms": reverse("selfassessment_tdp", args=[y, n, tdp.code, "xlsx"]),
        "decision list": reverse("decision_xlsx", args=[decision.pk]),
        "pledge list": reverse("pledges_xlsx", args=[y]),
        "roster template": reverse("import_roster_template"),
    }


def test_every_workbook_download_holds_no_formula(client, office_user, nasty, phase1, tdp):
    household, decision = nasty
    client.force_login(office_user)
    seen_values = set()
    for label, url in _exports(phase1, tdp, household, decision).items():
        response = client.get(url)
        assert response.status_code == 200, label
        disposition = response["Content-Disposition"]
        assert disposition.startswith('attachment; filename="') and "/" not in disposition, label
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        for sheet in book.worksheets:
            assert not set("[]:*?/\\") & set(sheet.title), (label, sheet.title)
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (label, sheet.title, cell.coordinate, cell.value)
                    seen_values.add(cell.value)
    assert NAME in seen_values and "=1+1" in seen_values  # the text survives, as text


def test_the_standings_csv_prefixes_formula_like_cells(nasty, tmp_path, monkeypatch):
    from scoring import exports

    doc = {"tdps": [], "award_tdps": [], "award_tie": False}
    monkeypatch.setattr(exports, "standings_rows", lambda d: [["=1+1", "@x", 3, None]])
    monkeypatch.setattr(exports, "HEADERS", ["+a", "b", "c", "d"])
    monkeypatch.setattr(exports, "RATIO_HEADER", "d")
    rows = list(csv.reader(io.StringIO(exports.standings_csv(doc).decode("utf-8-sig"))))
    assert rows == [["'+a", "b", "c", "d"], ["'=1+1", "'@x", "3", ""]]


def test_the_standings_command_writes_safe_files(nasty, tmp_path):
    out = tmp_path / "xh.xlsx"
    call_command("standings", campaign="2022", phase=1, format="xlsx", households=True,
                 output=str(out))  # fmt: skip
    book = openpyxl.load_workbook(out)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == CODE for c in cells)
