"""`manage.py seed_demo` (scoring/demo.py for the register and forms, awards/demo.py for the
procedure): a deterministic demo ward in which every rule shows up, two smaller wards, the
2022 campaign complete and this year's under way, and one demo account per role with work
waiting on its first log-in."""

import datetime
import io
import unicodedata
from fractions import Fraction

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from awards.models import Decision, FamilyCertificate
from households.models import Household, Resident, Ward
from scoring import demo, rules
from scoring.models import Assessment, Campaign, CulturalHouseCheck
from scoring.standings import compute_standings

SMALL = "10"  # households per TDP: enough for every case, quick to write


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", "--force", "--households", SMALL, *args, stdout=out)
    return out.getvalue()


def by_code(standings):
    return {t.code: t for t in standings.tdps}


def register_snapshot():
    """Everything the demo wrote, in a stable order (ids left out)."""
    residents = list(
        Resident.objects.order_by(
            "household__ward__code", "household__code", "full_name", "birth_date"
        ).values_list(
            "household__ward__code",
            "household__tdp__code",
            "household__code",
            "household__address",
            "full_name",
            "birth_date",
            "sex",
            "cccd",
            "status",
            "status_changed_on",
        )
    )
    heads = list(
        Household.objects.order_by("ward__code", "code").values_list(
            "ward__code", "code", "head__full_name"
        )
    )
    assessments = list(
        Assessment.objects.order_by(
            "resident__household__ward__code",
            "resident__household__code",
            "resident__full_name",
            "phase__campaign__year",
            "phase__number",
            "stage",
        ).values_list(
            "resident__household__ward__code",
            "resident__household__code",
            "phase__campaign__year",
            "resident__full_name",
            "phase__number",
            "stage",
            "reason",
            *[f"tc{n}" for n in range(1, 11)],
        )
    )
    return residents, heads, assessments


def test_phase1_shows_every_standings_rule(phase1):
    out = seed()
    standings = compute_standings(phase1)
    t = by_code(standings)
    # R5/R6: the plan's model TDP 8 tops the ward above 90 % and alone gets the award.
    assert standings.tdps[0].code == "8" and t["8"].rank == 1
    assert t["8"].ratio > Fraction(9, 10) and t["8"].digital_tdp
    assert standings.award_tdps == ["8"] and not standings.award_tie
    # R4/R6: exactly at the 85 % threshold — meets it, is not the top.
    assert t["5"].ratio == Fraction(85, 100) and t["5"].ratio_percent == "85.00"
    assert t["5"].meets_award_threshold and not t["5"].award
    assert sum(1 for s in standings.tdps if s.meets_award_threshold) >= 2
    # Most TDPs are below the threshold.
    assert (
        sum(1 for s in standings.tdps if s.ratio is not None and not s.meets_award_threshold) > 8
    )
    # R4: TDP 18 has residents but no eligible household → no ratio, not ranked, listed last.
    assert t["18"].residents > 0 and t["18"].eligible_households == 0
    assert t["18"].ratio is None and t["18"].rank is None and standings.tdps[-1].code == "18"
    # R2: adults with no form; R3: households that are not applicable.
    assert sum(s.unscored_residents for s in standings.tdps) >= 10
    assert t["16"].unscored_residents > 0
    not_applicable = [
        h for s in standings.tdps for h in s.households_detail if not h.result.applicable
    ]
    assert len(not_applicable) >= 5
    # Every TDP but 18 has households of the requested size.
    for code, s in t.items():
        if code not in ("18", "16"):
            assert s.households >= 5, code
    # The command printed the ranking it produced.
    # Figures for people: the Vietnamese decimal comma.
    assert "đề nghị khen tổ 8" in out and "85,00 %" in out and "không xếp hạng" in out
    assert "85.00 %" not in out


def test_people_ages_and_statuses(phase1, phase2):
    seed("--phase2")
    residents = Resident.objects.select_related("household__tdp").filter(
        household__ward=phase1.campaign.ward
    )
    born = {r.birth_date: r for r in residents}
    ref1, ref2 = phase1.reference_date, phase2.reference_date
    # R1: 29/02/2004 reaches 18 on 28/02/2022; 31/08/2004 on the reference date itself.
    leap = born[datetime.date(2004, 2, 29)]
    assert leap.household.tdp.code == "8" and rules.is_adult_on(leap.birth_date, ref1)
    assert leap.assessments.filter(phase=phase1).exists()
    assert rules.is_adult_on(born[datetime.date(2004, 8, 31)].birth_date, ref1)
    # R1/R11: 18 between the phases.
    between = born[datetime.date(2004, 9, 1)]
    assert not rules.is_adult_on(between.birth_date, ref1)
    assert rules.is_adult_on(between.birth_date, ref2)
    assert between.assessments.filter(phase=phase2).exists()  # TDP 8 assessed him
    unscored_new_adult = born[datetime.date(2004, 9, 15)]
    assert not unscored_new_adult.assessments.filter(phase__campaign__year=2022).exists()
    assert rules.is_adult_on(born[datetime.date(2004, 10, 31)].birth_date, ref2)
    assert not rules.is_adult_on(born[datetime.date(2004, 11, 1)].birth_date, ref2)
    # Children and elderly people.
    ages = [(ref1 - r.birth_date).days // 365 for r in residents]
    assert min(ages) < 10 and max(ages) >= 80
    # A few moved away or died, some after filling in a form that no longer counts.
    moved = residents.filter(status=Resident.Status.MOVED)
    deceased = residents.filter(status=Resident.Status.DECEASED)
    assert moved.count() >= 2 and deceased.count() >= 2
    assert all(r.status_changed_on for r in [*moved, *deceased])
    assert Assessment.objects.exclude(resident__status=Resident.Status.ACTIVE).exists()


def test_names_heads_and_identity_numbers(ward):
    seed()
    residents = list(Resident.objects.select_related("household"))
    family_names = {name for name, _ in demo.FAMILY_NAMES}
    for r in residents:
        parts = r.full_name.split()
        assert len(parts) == 3 and parts[0] in family_names, r.full_name
        assert unicodedata.is_normalized("NFC", r.full_name)
        # Sex-consistent middle names.
        assert not (r.sex == "F" and parts[1] == "Văn"), r.full_name
        assert not (r.sex == "M" and parts[1] == "Thị"), r.full_name
    assert sum(1 for r in residents if r.sex == "F" and " Thị " in r.full_name) > 50
    # Heads are active members of their own household.
    for h in Household.objects.select_related("head"):
        if h.head_id is not None:
            assert h.head.household_id == h.id and h.head.status == "active", h.code
        else:
            assert not h.residents.filter(status="active").exists(), h.code
    assert Household.objects.filter(code="08-001").exists()  # text codes keep their zeros
    # CCCDs: unique 12 digits, mostly Yên Bái (015); a couple with warnings.
    numbers = [r.cccd for r in residents if r.cccd]
    assert len(numbers) == len(set(numbers)) and all(len(n) == 12 for n in numbers)
    assert sum(n.startswith("015") for n in numbers) > 0.7 * len(numbers)
    warned = [r for r in residents if r.cccd_warnings()]
    assert 2 <= len(warned) <= 3
    # No CCCD under 14; whoever meets TC9 (has a CCCD) has one.
    assert all(r.cccd is None for r in residents if r.birth_date.year > 2008)
    assert not Assessment.objects.filter(tc9=True, resident__cccd=None).exists()


def test_scores_through_the_stages(ward):
    seed()
    rows = list(Assessment.objects.all())
    scores = {a.score for a in rows}
    assert {80, 90, 100} <= scores and min(scores) <= 70
    stages = {a.stage for a in rows}
    assert stages == {1, 2, 3}
    ward = [a for a in rows if a.stage == Assessment.Stage.WARD]
    assert ward and all(a.reason and a.recorded_by.username == "thuongtruc" for a in ward)
    # R10: a TDP check corrected some households' own forms.
    by_key = {(a.resident_id, a.phase_id, a.stage): a for a in rows}
    differs = [
        a
        for a in rows
        if a.stage == 2 and (own := by_key.get((a.resident_id, a.phase_id, 1)))
        if own.criteria != a.criteria
    ]
    assert differs
    # Teams without step 2 yet (15, 16) have self-assessments only.
    assert not Assessment.objects.filter(
        stage=2, resident__household__tdp__code__in=["15", "16"]
    ).exists()
    # Who keyed it and when: the TDP team, inside the 2022 step window (R12 data).
    team8 = Assessment.objects.filter(
        stage=1, resident__household__tdp__code="8", phase__campaign__year=2022
    )
    assert {a.recorded_by.username for a in team8} == {"tocds8"}
    assert all(
        datetime.date(2022, 8, 31) <= a.recorded_at.date() <= datetime.date(2022, 9, 5)
        for a in team8
    )
    assert Assessment.history.count() == len(rows)
    # R7: cultural-house checklists, complete in TDP 8, incomplete somewhere else.
    checks = list(CulturalHouseCheck.objects.select_related("house__tdp"))
    assert any(c.is_digital and c.house.tdp.code == "8" for c in checks)
    assert any(not c.is_digital for c in checks)


def test_phase2_carries_forward_and_keeps_phase1(phase1, phase2):
    seed()
    before = compute_standings(phase1).as_json(households=True)
    seed("--phase2", "--reset")
    # R11 never backwards: phase-2 forms leave phase-1 results as they were.
    assert compute_standings(phase1).as_json(households=True) == before
    standings = compute_standings(phase2)
    t = by_code(standings)
    assert standings.award_tdps == ["8"] and t["8"].ratio >= Fraction(9, 10)
    assert Assessment.objects.filter(phase=phase2).exists()
    # Most residents carry their phase-1 form forward.
    scored1 = Assessment.objects.filter(phase=phase1).values("resident").distinct().count()
    scored2 = Assessment.objects.filter(phase=phase2).values("resident").distinct().count()
    assert 0 < scored2 < scored1 / 2
    # R11: the TDP-3 resident who turned 18 between the phases is unscored in phase 2.
    household = Resident.objects.get(birth_date=datetime.date(2004, 9, 15)).household
    detail = {h.code: h for h in t["3"].households_detail}[household.code]
    assert detail.unscored_members >= 1 and detail.digital_family is False
    assert "Giai đoạn 2" in seed("--phase2", "--reset")


def test_same_seed_same_data_other_seed_other_data(ward):
    seed("--seed", "11")
    first = register_snapshot()
    seed("--seed", "11", "--reset")
    assert register_snapshot() == first
    seed("--seed", "12", "--reset")
    assert register_snapshot()[0] != first[0]


def test_refuses_to_mix_with_existing_data(ward):
    seed()
    count = Household.objects.filter(ward=ward).count()
    total = Household.objects.count()
    with pytest.raises(CommandError, match=f"đã có {count} hộ gia đình.*--reset"):
        seed()
    assert Household.objects.count() == total
    out = seed("--if-empty")
    assert f"đã có {count} hộ gia đình — không tạo dữ liệu mẫu" in out
    assert "demo-quantri" in out and "demo-thanhpho" in out
    assert Household.objects.count() == total


def test_reset_removes_what_rests_on_the_demo(phase1):
    seed()
    old_certificates = set(FamilyCertificate.objects.values_list("pk", flat=True))
    old_decisions = set(Decision.objects.values_list("pk", flat=True))
    assert old_certificates and old_decisions
    seed("--reset", "--seed", "5")
    assert not FamilyCertificate.objects.filter(pk__in=old_certificates).exists()
    assert not Decision.objects.filter(pk__in=old_decisions).exists()
    # Rebuilt, not stacked: one current-year campaign per ward, the demo wards once each.
    assert Ward.objects.count() == 1 + len(demo.DEMO_WARDS)
    assert Campaign.objects.filter(ward=phase1.campaign.ward).count() == 2
    assert Resident.history.count() == Resident.objects.count()
    assert Household.history.count() == Household.objects.count()


def test_demo_accounts_log_in_with_printed_passwords(ward, client):
    out = seed()
    assert "Tên đăng nhập" in out and "/accounts/login/" in out
    for account in demo.DEMO_ACCOUNTS:
        assert account.username in out and account.password in out
        assert client.login(username=account.username, password=account.password)
        client.logout()
    users = {u.username: u for u in get_user_model().objects.select_related("membership")}
    assert {users[a.username].membership.role for a in demo.DEMO_ACCOUNTS} == {
        "admin",
        "office",
        "chairman",
        "staff",
        "tdp_team",
        "tdp_officer",
        "city",
    }
    assert users["thanhpho"].membership.ward is None
    assert list(users["tocds9"].membership.tdps.values_list("code", flat=True)) == ["9"]
    assert users["canbo8"].tdps_in_charge.get().code == "8"


def test_refuses_without_debug_unless_forced(ward, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG đang tắt.*--force"):
        call_command("seed_demo", "--households", SMALL, stdout=io.StringIO())
    assert not Household.objects.exists()


def test_too_few_households_is_refused(ward):
    with pytest.raises(CommandError, match="--households phải từ 5 trở lên"):
        call_command("seed_demo", "--force", "--households", "2", stdout=io.StringIO())


def test_needs_the_fixture(empty_database):
    with pytest.raises(CommandError, match="loaddata dongtam"):
        call_command("seed_demo", "--force", stdout=io.StringIO())


# --- the living demo: 2022 complete, this year under way, three wards -------------------


@pytest.fixture
def living_demo(ward):
    seed("--phase2")
    return ward


def _current(ward):
    from scoring.phases import current_phase, ward_phases

    return current_phase(ward_phases(ward.id))


def test_the_current_phase_is_this_years_with_today_in_step_1_or_2(living_demo):
    from django.utils import timezone

    from awards import procedure

    today = timezone.localdate()
    phase = _current(living_demo)
    assert phase.campaign.year == today.year and phase.number == 1
    assert procedure.window_state(phase, 1).is_open or procedure.window_state(phase, 2).is_open
    # Copied from 2022 (R15): same phases and thresholds, the pledge list, the targets.
    old = Campaign.objects.get(ward=living_demo, year=2022)
    assert list(phase.campaign.phases.values_list("number", "award_threshold")) == list(
        old.phases.values_list("number", "award_threshold")
    )
    assert phase.campaign.pledges.count() == old.pledges.count() > 0
    assert phase.campaign.targets.count() == old.targets.count() > 0
    # R15: nothing carried: this year's forms are this year's, and fewer than 2022's.
    assert 0 < phase.assessments.count() < Assessment.objects.filter(phase__campaign=old).count()


def test_every_dossier_state_appears_this_year(living_demo):
    from awards.models import Dossier
    from awards.procedure.state import DOSSIER_STATES, state_of

    phase = _current(living_demo)
    dossiers = {d.tdp_id: d for d in Dossier.objects.filter(phase=phase)}
    states = {state_of(dossiers.get(t.id)) for t in living_demo.tdps.all()}
    assert states == set(DOSSIER_STATES)  # not started, in progress, sent, returned, approved
    returned = Dossier.objects.get(phase=phase, state=Dossier.State.RETURNED)
    assert returned.tdp.code == "9" and returned.return_comment
    reopened = Dossier.objects.get(phase=phase, state=Dossier.State.IN_PROGRESS)
    assert reopened.history.filter(history_change_reason__startswith="Mở lại hồ sơ").exists()


def test_2022_is_complete_in_every_ward(living_demo):
    from awards.models import AwardProposal, Dossier
    from scoring.models import StandingsSnapshot

    for campaign in Campaign.objects.filter(year=2022):
        for phase in campaign.phases.all():
            assert StandingsSnapshot.objects.filter(phase=phase).exists(), phase  # R13
            dossiers = Dossier.objects.filter(phase=phase)
            assert dossiers.count() == campaign.ward.tdps.count()
            assert not dossiers.exclude(state=Dossier.State.APPROVED).exists()
            assert all(d.submitted_at.year == 2022 for d in dossiers)
            assert not AwardProposal.objects.filter(phase=phase).undecided().exists()
    dong_tam = Campaign.objects.get(ward=living_demo, year=2022)
    decisions = Decision.objects.filter(campaign=dong_tam).order_by("signed_on")
    assert [d.phase.number for d in decisions] == [1, 2]
    assert all(d.signed_on.year == 2022 and d.awards.exists() for d in decisions)
    tdp_award = decisions[0].awards.get(category=AwardProposal.Category.TDP)
    assert tdp_award.tdp.code == "8" and tdp_award.amount > 0
    assert AwardProposal.objects.filter(campaign=dong_tam, status="rejected").exists()
    certificates = FamilyCertificate.objects.filter(campaign=dong_tam)
    assert (
        certificates.filter(phase__number=1).exists()
        and certificates.filter(phase__number=2).exists()
    )
    for d in decisions:  # R14: issued on the phase's certificate decision, dated on it
        assert d.phase.certificate_decision.signed_on == d.signed_on
        assert set(certificates.filter(phase=d.phase).values_list("issued_on", flat=True)) == {
            d.signed_on
        }
    revoked = certificates.exclude(revoked_at=None)
    assert revoked.exists() and all(c.revoked_reason for c in revoked)
    assert all(c.revoked_at.year == 2022 for c in revoked)


def test_three_wards_of_different_sizes(living_demo):
    from awards.models import WardTarget

    wards = list(Ward.objects.order_by("pk"))
    assert wards[0] == living_demo and len(wards) == 3
    sizes = [Household.objects.filter(ward=w).count() for w in wards]
    assert len(set(sizes)) == 3 and sizes[0] == max(sizes)
    assert [w.tdps.count() for w in wards] == [16, 6, 4]
    for w in wards:
        assert sorted(w.campaigns.values_list("year", flat=True)) == [
            2022,
            _current(living_demo).campaign.year,
        ]
    # The fixture's campaign is untouched (INTERFACES.md).
    p1 = Campaign.objects.get(ward=living_demo, year=2022).phases.get(number=1)
    assert (p1.reference_date, p1.step1_opens, p1.step3_closes) == (
        datetime.date(2022, 8, 31),
        datetime.date(2022, 8, 31),
        datetime.date(2022, 9, 8),
    )
    # Minh Tân has no target of the city yet: the city's work.
    assert not WardTarget.objects.filter(
        campaign__ward__code="minh-tan", campaign__year=_current(living_demo).campaign.year
    ).exists()


def _log_in(client, username):
    assert client.login(username=username, password=f"demo-{username}")


def test_every_demo_account_has_work_on_first_log_in(living_demo, client):
    from django.urls import reverse

    from awards import procedure
    from awards.models import AwardProposal, Dossier
    from households.models import ResidentialGroup
    from scoring.standings import compute_standings

    phase = _current(living_demo)
    users = {u.username: u for u in get_user_model().objects.all()}
    tdp8 = ResidentialGroup.objects.get(ward=living_demo, code="8")
    tdp9 = ResidentialGroup.objects.get(ward=living_demo, code="9")
    for account in demo.DEMO_ACCOUNTS:
        _log_in(client, account.username)
        assert client.get("/", follow=True).status_code == 200, account.username
        client.logout()

    # Office and admin: dossiers sent and waiting for review, on the current phase.
    waiting = Dossier.objects.filter(phase=phase, state=Dossier.State.SUBMITTED)
    assert waiting.count() >= 2
    for username in ("thuongtruc", "quantri"):
        _log_in(client, username)
        page = client.get(reverse("review_list")).content.decode()
        assert waiting.first().tdp.name in page and str(phase.campaign.year) in page
        client.logout()
    # Chairman: proposals of the current phase waiting for his opinion.
    assert AwardProposal.objects.for_phase(phase).undecided().exists()
    _log_in(client, "chutich")
    url = reverse("proposals_list", args=[phase.campaign.year, phase.number])
    assert "Phạm Đức Thắng" in client.get(url).content.decode()
    client.logout()
    # Staff: the 2022 certificates and Giấy khen to print.
    _log_in(client, "vanphong")
    assert client.get(reverse("certificate_list")).status_code == 200
    assert Decision.objects.filter(campaign__ward=living_demo, phase__number=2).exists()
    client.logout()
    # TDP 8's team: step 1 open, forms still to key in.
    assert procedure.can_key_in(users["tocds8"], tdp8, phase)
    assert next(t for t in compute_standings(phase).tdps if t.code == "8").unscored_residents
    _log_in(client, "tocds8")
    page = client.get("/", follow=True).content.decode()
    assert tdp8.name in page
    client.logout()
    # TDP 9's team: its dossier came back with the office's comment.
    _log_in(client, "tocds9")
    page = client.get("/", follow=True).content.decode()
    assert "bổ sung phiếu" in page and tdp9.name in page
    client.logout()
    # TDP 8's officer: follows TDP 8's progress.
    _log_in(client, "canbo8")
    assert client.get(reverse("dashboard_tdp", args=[tdp8.id])).status_code == 200
    client.logout()
    # The city: three wards side by side, one still without targets this year.
    _log_in(client, "thanhpho")
    page = client.get("/", follow=True).content.decode()
    assert all(name in page for name in ("Đồng Tâm", "Hồng Hà", "Minh Tân"))


def test_printed_log_in_address_follows_the_address_served(ward):
    out = seed("--site", "http://192.168.1.20:8080/")
    assert "đăng nhập tại http://192.168.1.20:8080/accounts/login/" in out
    # bin/run passes the address it listens on (ADDRESS), not SITE_URL.
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "bin" / "run").read_text()
    assert '--site "$SITE"' in script and 'SITE="http://$ADDRESS"' in script
