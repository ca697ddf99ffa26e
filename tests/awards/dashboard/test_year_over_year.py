"""Year over year (issue 10, item 1; R15): each TDP's ratio and each criterion's adoption this
year beside the same phase of the ward's previous campaign, on the ward dashboard and in the
ward results export (PDF, xlsx)."""

import io
from fractions import Fraction

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.campaigns.services import copy_campaign
from awards.documents import ward_results as ward_table
from awards.review import services as review
from scoring.comparison import change_text, year_over_year
from scoring.phases import previous_year_phase
from tests.support import ADULT, ALL_MET, EIGHT_MET, make_household


@pytest.fixture
def two_years(campaign, phase1, tdp, other_tdp, office_user):
    """2022: TDP 8 at 1/2, TDP 9 at 1/1. 2023 (copied): TDP 8 at 2/2, TDP 9 at 0/1."""
    new = copy_campaign(campaign, 2023)
    p2023 = new.phases.get(number=1)
    homes8 = [make_household(tdp, f"8-{i}", [(ADULT, None)]) for i in range(2)]
    home9 = make_household(other_tdp, "9-0", [(ADULT, None)])

    def score(household, phase, criteria):
        from scoring.models import Assessment

        resident = household.residents.get()
        Assessment.objects.create(
            resident=resident,
            phase=phase,
            stage=1,
            **{f"tc{n + 1}": v for n, v in enumerate(criteria)},
        )

    score(homes8[0], phase1, ALL_MET)
    score(homes8[1], phase1, EIGHT_MET)
    score(home9, phase1, ALL_MET)
    review.freeze_phase(phase1, office_user, confirm=True)  # last year frozen (R13)
    score(homes8[0], p2023, ALL_MET)
    score(homes8[1], p2023, ALL_MET)
    score(home9, p2023, EIGHT_MET)
    return phase1, p2023


def test_last_year_is_the_same_phase_of_the_previous_campaign(two_years, campaign):
    p2022, p2023 = two_years
    assert previous_year_phase(p2023) == p2022
    assert previous_year_phase(p2022) is None
    assert year_over_year(p2022) is None  # nothing to compare with


def test_ratios_and_adoption_side_by_side(two_years):
    _, p2023 = two_years
    c = year_over_year(p2023)
    assert c.previous_year == 2022 and c.previous_frozen
    t8, t9 = c.for_code("8"), c.for_code("9")
    assert (t8.ratio.now, t8.ratio.before) == (Fraction(1), Fraction(1, 2))
    assert (t8.ratio.now_text, t8.ratio.before_text, t8.ratio.change) == (
        "100,00 %",
        "50,00 %",
        "+50,00",
    )
    assert (t9.ratio.now_text, t9.ratio.before_text, t9.ratio.change) == (
        "0,00 %",
        "100,00 %",
        "−100,00",
    )
    assert c.for_code("1").ratio.change == "—"  # no eligible household either year
    tc10 = c.criteria[9]
    assert (tc10.adoption.now, tc10.adoption.before) == (Fraction(2, 3), Fraction(2, 3))
    assert tc10.adoption.change == "0,00" and tc10.adoption.direction == ""
    # Truncated toward zero, never rounded (R4): 1/3 of a point.
    assert change_text(Fraction(1, 3) / 100, Fraction(0)) == "+0,33"
    assert change_text(Fraction(0), Fraction(1, 3) / 100) == "−0,33"


def test_the_ward_dashboard_shows_last_year(client, office_user, two_years):
    _, p2023 = two_years
    client.force_login(office_user)
    page = client.get(reverse("dashboard") + f"?phase={p2023.id}").content.decode()
    assert 'id="so-voi-nam-truoc"' in page and "So với năm 2022" in page
    row = page[page.index('<tr data-tdp="8">') :]
    row = row[: row.index("</tr>")]
    assert "100,00 %" in row and "50,00 %" in row and "+50,00" in row
    # Without a previous campaign there is nothing to compare.
    page = client.get(reverse("dashboard") + f"?phase={two_years[0].id}").content.decode()
    assert 'id="so-voi-nam-truoc"' not in page


def test_the_ward_results_export_shows_last_year(client, office_user, two_years):
    _, p2023 = two_years
    data = ward_table.ward_results_workbook(ward_table.ward_results(p2023))
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Kết quả toàn phường"]
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "Xếp hạng")
    assert "Tỷ lệ năm 2022" in header and "Thay đổi (điểm %)" in header
    line = next(r for r in rows if r[1] == "Tổ dân phố số 8")
    at = header.index("Tỷ lệ năm 2022")
    assert (line[at - 1], line[at], line[at + 1]) == ("100,00 %", "50,00 %", "+50,00")
    criteria = wb["Tiêu chí so với năm trước"]
    assert any(r[0] == "TC10" for r in criteria.iter_rows(values_only=True))
    # A year without a previous campaign keeps the table as it was.
    first = load_workbook(
        io.BytesIO(ward_table.ward_results_workbook(ward_table.ward_results(two_years[0])))
    )
    assert first.sheetnames == ["Kết quả toàn phường"]
    client.force_login(office_user)
    response = client.get(reverse("ward_results", args=[2023, 1, "xlsx"]))
    assert response.status_code == 200


def test_the_ward_results_pdf_shows_last_year(two_years):
    import subprocess

    _, p2023 = two_years
    pdf = ward_table.ward_results_pdf(ward_table.ward_results(p2023))
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Năm 2022" in text and "+50,00" in text and "TC10" in text
