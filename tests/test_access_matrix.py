"""Access matrix over every named URL of the URL conf × every role × own TDP / other TDP /
anonymous — the expected answers written out below, never recomputed from households.access.

The URL names come from walking the URL conf (the admin site aside), so a view added without
a row here fails the test. Every URL is requested with GET; the URLs of views that write are
also POSTed with empty data (the access check comes before validation: a role that must not
act gets 403 or 404, whatever it sends). Each request runs in a savepoint rolled back after
it, so one request never changes what the next one sees.

Columns (users from tests/conftest.py; "8" = TDP 8's objects in the URL, "9" = TDP 9's):
  anon    not signed in                 staff   ward office staff (văn phòng)
  admin   administrator                 team8   TDP 8's community DT team, TDP 8's objects
  office  standing office               team9   the same account, TDP 9's objects
  chair   Chairman                      offc8   official in charge of TDP 8, TDP 8's objects
  norole  signed in, no role in a ward  offc9   the same account, TDP 9's objects
  city    the city's office (no ward: its own pages only)
Ward roles are sent TDP 8's objects. Answers: a status code, or `login` (a redirect to the
log-in page; any other redirect is 302)."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from awards.models import (
    AwardProposal,
    Dossier,
    FamilyCertificate,
    Pledge,
    PrintJob,
    WardTarget,
)
from households.accounts.services import save_account
from tests.support import ADULT, ALL_MET, PASSWORD, decision_with_award, make_household

COLUMNS = [
    "anon",
    "admin",
    "office",
    "chair",
    "staff",
    "team8",
    "team9",
    "offc8",
    "offc9",
    "norole",
    "city",
]
USERS = {
    "admin": "admin_user",
    "office": "office_user",
    "chair": "chairman_user",
    "staff": "staff_user",
    "team8": "team_user",
    "team9": "team_user",
    "offc8": "officer_user",
    "offc9": "officer_user",
    "norole": "norole_user",
    "city": "city_user",
}
SCOPE = {column: "9" if column.endswith("9") else "8" for column in COLUMNS}

# url name | GET answers, in the order of COLUMNS.
GET = """
# url name                anon  admin offic chair staff team8 team9 offc8 offc9 norol city
certificate_list          login 200   200   403   200   403   403   403   403   403   403
certificate_pdf           login 200   200   403   200   403   403   403   403   403   403
certificate_print         login 200   200   403   200   403   403   403   403   403   403
certificate_revoke        login 200   200   403   403   403   403   403   403   403   403
dashboard                 login 200   200   200   200   302   302   302   302   403   403
dashboard_export          login 200   200   200   200   200   404   200   404   403   403
dashboard_tdp             login 200   200   200   200   200   404   200   404   403   403
city_overview             login 403   403   403   403   403   403   403   403   403   200
city_targets              login 403   403   403   403   403   403   403   403   403   200
decision_create           login 200   200   200   403   403   403   403   403   403   403
decision_detail           login 200   200   200   200   403   403   403   403   403   403
decision_list_pdf         login 200   200   200   200   403   403   403   403   403   403
decision_merit_pdf        login 200   200   200   200   403   403   403   403   403   403
decision_merit_print      login 405   405   405   405   403   403   403   403   403   403
decision_xlsx             login 200   200   200   200   403   403   403   403   403   403
decisions_list            login 200   200   200   200   403   403   403   403   403   403
entry_cultural_house      login 200   200   200   200   200   404   200   404   403   403
entry_home                login 200   200   200   200   302   302   302   302   403   403
entry_household           login 200   200   200   200   200   404   200   404   403   403
entry_household_add       login 200   200   403   403   200   404   403   404   403   403
entry_household_edit      login 200   200   403   403   200   404   403   404   403   403
entry_household_history   login 200   200   200   200   200   404   200   404   403   403
entry_manifest            200   200   200   200   200   200   200   200   200   200   200
entry_member_add          login 200   200   403   403   200   404   403   404   403   403
entry_member_edit         login 200   200   403   403   200   404   403   404   403   403
entry_member_move         login 200   200   403   403   200   404   403   404   403   403
entry_member_status       login 200   200   403   403   200   404   403   404   403   403
entry_review              login 200   200   200   200   200   404   200   404   403   403
entry_service_worker      200   200   200   200   200   200   200   200   200   200   200
entry_submit              login 405   405   405   405   405   405   405   405   405   405
entry_tdp_list            login 200   200   200   200   200   404   200   404   403   403
entry_tdp_summary         login 200   200   200   200   200   404   200   404   403   403
home                      login 302   302   302   302   302   302   302   302   200   302
import_roster_confirm     login 302   302   403   403   302   302   403   403   403   403
import_roster_template    login 200   200   403   403   200   200   403   403   403   403
import_roster_upload      login 200   200   403   403   200   200   403   403   403   403
login                     200   200   200   200   200   200   200   200   200   200   200
logout                    405   405   405   405   405   405   405   405   405   405   405
pledge_add                login 200   200   403   403   403   403   403   403   403   403
pledge_delete             405   405   405   405   405   405   405   405   405   405   405
pledge_edit               login 200   200   403   403   403   403   403   403   403   403
pledge_move               405   405   405   405   405   405   405   405   405   405   405
pledges                   login 200   200   200   200   403   403   403   403   403   403
pledges_pdf               login 200   200   200   200   403   403   403   403   403   403
pledges_xlsx              login 200   200   200   200   403   403   403   403   403   403
print_job_detail          login 200   200   404   200   403   403   403   403   403   403
print_job_download        login 200   200   404   200   403   403   403   403   403   403
print_job_list            login 200   200   200   200   403   403   403   403   403   403
print_job_status          login 200   200   404   200   403   403   403   403   403   403
proposal_decide           405   405   405   405   405   405   405   405   405   405   405
proposal_delete           405   405   405   405   405   405   405   405   405   405   405
proposal_detail           login 200   200   200   200   403   403   403   403   403   403
proposal_edit             login 200   200   403   403   403   403   403   403   403   403
proposal_nominate         login 200   200   403   403   403   403   403   403   403   403
proposals_bulk_approve    405   405   405   405   405   405   405   405   405   405   405
proposals_generate        405   405   405   405   405   405   405   405   405   405   405
proposals_index           login 200   200   200   200   403   403   403   403   403   403
proposals_list            login 200   200   200   200   403   403   403   403   403   403
reports_home              login 302   302   302   302   302   302   302   302   403   403
reports_index             login 200   200   200   200   200   200   200   200   403   403
review_approve            login 200   200   403   403   403   403   403   403   403   403
review_audit              login 200   200   200   200   403   403   403   403   403   403
review_bulk_approve       405   405   405   405   405   405   405   405   405   405   405
review_correct            login 200   200   403   403   403   403   403   403   403   403
review_dossier            login 200   200   200   200   403   403   403   403   403   403
review_dossier_windows    login 200   200   200   200   403   403   403   403   403   403
review_freeze             login 200   200   403   403   403   403   403   403   403   403
review_list               login 200   200   200   200   403   403   403   403   403   403
review_reopen             405   405   405   405   405   405   405   405   405   405   405
review_reopen_window      405   405   405   405   405   405   405   405   405   405   405
review_reopen_window_all  405   405   405   405   405   405   405   405   405   405   405
review_return             405   405   405   405   405   405   405   405   405   405   405
review_unfreeze           405   405   405   405   405   405   405   405   405   405   405
selfassessment_blank      login 200   200   200   200   200   404   200   404   403   403
selfassessment_household  login 200   200   200   200   200   404   200   404   403   403
selfassessment_lookup     login 302   302   302   302   302   302   302   302   403   403
selfassessment_tdp        login 200   200   200   200   200   404   200   404   403   403
setup_campaign_copy       login 200   200   403   403   403   403   403   403   403   403
setup_campaign_edit       login 200   200   403   403   403   403   403   403   403   403
setup_campaign_new        login 200   200   403   403   403   403   403   403   403   403
setup_home                login 200   200   403   403   403   403   403   403   403   403
setup_phase_edit          login 200   200   403   403   403   403   403   403   403   403
setup_phase_new           login 200   200   403   403   403   403   403   403   403   403
setup_user_active         405   405   405   405   405   405   405   405   405   405   405
setup_user_edit           login 200   200   403   403   403   403   403   403   403   403
setup_user_new            login 200   200   403   403   403   403   403   403   403   403
setup_users               login 200   200   403   403   403   403   403   403   403   403
standings                 login 200   200   200   200   200   200   200   200   403   403
standings_xlsx            login 200   200   200   200   200   200   200   200   403   403
tdp_summary               login 200   200   200   200   200   404   200   404   403   403
verify_certificate        200   200   200   200   200   200   200   200   200   200   200
verify_lookup             302   302   302   302   302   302   302   302   302   302   302
ward_results              login 200   200   200   200   403   403   403   403   403   403
ward_target_add           login 200   200   403   403   403   403   403   403   403   403
ward_target_delete        405   405   405   405   405   405   405   405   405   405   405
ward_target_edit          login 200   200   403   403   403   403   403   403   403   403
ward_targets              login 200   200   200   200   403   403   403   403   403   403
"""

# url name | POST answers (empty data) — every view that writes.
POST = """
# url name                anon  admin offic chair staff team8 team9 offc8 offc9 norol city
certificate_print         login 200   200   403   200   403   403   403   403   403   403
certificate_revoke        login 200   200   403   403   403   403   403   403   403   403
city_targets              login 403   403   403   403   403   403   403   403   403   200
decision_create           login 200   200   200   403   403   403   403   403   403   403
decision_merit_print      login 302   302   302   302   403   403   403   403   403   403
entry_cultural_house      login 200   200   403   403   200   404   403   404   403   403
entry_household           login 302   302   403   403   302   404   403   404   403   403
entry_household_add       login 200   200   403   403   200   404   403   404   403   403
entry_household_edit      login 200   200   403   403   200   404   403   404   403   403
entry_member_add          login 200   200   403   403   200   404   403   404   403   403
entry_member_edit         login 200   200   403   403   200   404   403   404   403   403
entry_member_move         login 200   200   403   403   200   404   403   404   403   403
entry_member_status       login 200   200   403   403   200   404   403   404   403   403
entry_review              login 302   302   403   403   302   404   403   404   403   403
entry_submit              login 302   302   403   403   302   404   403   404   403   403
import_roster_confirm     login 302   302   403   403   302   302   403   403   403   403
import_roster_upload      login 200   200   403   403   200   200   403   403   403   403
login                     200   200   200   200   200   200   200   200   200   200   200
logout                    login login login login login login login login login login login
pledge_add                login 200   200   403   403   403   403   403   403   403   403
pledge_delete             login 302   302   403   403   403   403   403   403   403   403
pledge_edit               login 200   200   403   403   403   403   403   403   403   403
pledge_move               login 302   302   403   403   403   403   403   403   403   403
proposal_decide           login 403   403   302   403   403   403   403   403   403   403
proposal_delete           login 302   302   403   403   403   403   403   403   403   403
proposal_edit             login 200   200   403   403   403   403   403   403   403   403
proposal_nominate         login 200   200   403   403   403   403   403   403   403   403
proposals_bulk_approve    login 403   403   302   403   403   403   403   403   403   403
proposals_generate        login 302   302   403   403   403   403   403   403   403   403
review_approve            login 200   200   403   403   403   403   403   403   403   403
review_bulk_approve       login 302   302   403   403   403   403   403   403   403   403
review_correct            login 400   400   403   403   403   403   403   403   403   403
review_freeze             login 200   200   403   403   403   403   403   403   403   403
review_reopen             login 400   400   403   403   403   403   403   403   403   403
review_reopen_window      login 302   302   403   403   403   403   403   403   403   403
review_reopen_window_all  login 302   302   403   403   403   403   403   403   403   403
review_return             login 400   400   403   403   403   403   403   403   403   403
review_unfreeze           login 302   302   403   403   403   403   403   403   403   403
setup_campaign_copy       login 400   400   403   403   403   403   403   403   403   403
setup_campaign_edit       login 200   200   403   403   403   403   403   403   403   403
setup_campaign_new        login 200   200   403   403   403   403   403   403   403   403
setup_phase_edit          login 200   200   403   403   403   403   403   403   403   403
setup_phase_new           login 200   200   403   403   403   403   403   403   403   403
setup_user_active         login 302   302   403   403   403   403   403   403   403   403
setup_user_edit           login 200   200   403   403   403   403   403   403   403   403
setup_user_new            login 200   200   403   403   403   403   403   403   403   403
ward_target_add           login 200   200   403   403   403   403   403   403   403   403
ward_target_delete        login 302   302   403   403   403   403   403   403   403   403
ward_target_edit          login 200   200   403   403   403   403   403   403   403   403
"""

SKIP_NAMESPACES = {"admin"}


def parse(table: str) -> dict[str, dict[str, str]]:
    rows = {}
    for line in table.strip().splitlines():
        if line.startswith("#"):
            continue
        name, *answers = line.split()
        assert len(answers) == len(COLUMNS), f"{name}: {len(answers)} answers, not {len(COLUMNS)}"
        assert name not in rows, f"{name} twice in the table"
        rows[name] = dict(zip(COLUMNS, answers, strict=True))
    return rows


def named_urls(resolver=None, namespace="", converters=None):
    """{url name: its kwargs} for every named pattern, through every include()."""
    resolver = resolver or get_resolver()
    converters = converters or {}
    found = {}
    for entry in resolver.url_patterns:
        params = {**converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIP_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.update(named_urls(entry, inner, params))
        elif isinstance(entry, URLPattern) and entry.name:
            found.setdefault(namespace + entry.name, sorted(params))
    return found


# ------------------------------------------------------------------ the objects in the URLs


@dataclass
class Scope:
    tdp: object
    household: object
    resident: object
    certificate: object


@pytest.fixture
def norole_user(ward):
    return get_user_model().objects.create_user("khongvaitro", password="x")


@pytest.fixture
def city_user(ward):
    return save_account("thanhpho", "city", password=PASSWORD)


@pytest.fixture
def world(
    settings,
    tmp_path,
    ward,
    campaign,
    phase1,
    tdp,
    other_tdp,
    office_user,
    chairman_user,
    team_user,
):
    """Phase 1 with steps 1–3 open today (R12), so a refusal below is about access: TDP 8's
    dossier returned for corrections (editable by its team), TDP 9's submitted; in each TDP a
    digital household with its certificate; a nomination, a decision with one line, a ward
    target and a finished print job."""
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    for step in (1, 2, 3):
        setattr(phase1, f"step{step}_opens", today - datetime.timedelta(days=1))
        setattr(phase1, f"step{step}_closes", today + datetime.timedelta(days=3))
    phase1.step4_opens = today + datetime.timedelta(days=4)
    phase1.save()
    scopes = {}
    for code, group, state in (
        ("8", tdp, Dossier.State.RETURNED),
        ("9", other_tdp, Dossier.State.SUBMITTED),
    ):
        household = make_household(
            group, f"{code}01", [(ADULT, ALL_MET), (ADULT, ALL_MET)], phase1
        )
        head, member = household.residents.order_by("id")
        household.head = head
        household.save()
        Dossier.objects.create(
            phase=phase1,
            tdp=group,
            state=state,
            submitted_at=timezone.now(),
            return_comment="Bổ sung phiếu hộ 801" if state == Dossier.State.RETURNED else "",
        )
        certificate = FamilyCertificate.objects.create(
            campaign=campaign,
            phase=phase1,
            household=household,
            number=f"{code}/2022",
            head_name=head.full_name,
            tdp_name=group.name,
            issued_on=today,
        )
        scopes[code] = Scope(group, household, member, certificate)
    proposal = AwardProposal.objects.create(
        campaign=campaign,
        phase=phase1,
        category=AwardProposal.Category.COLLECTIVE,
        recipient_name="Hội Phụ nữ phường",
        proposing_unit="Bộ phận Văn phòng",
        achievement="Thành tích xuất sắc",
    )
    decision = decision_with_award(phase1, decided_by=chairman_user)
    target = WardTarget.objects.create(
        campaign=campaign, indicator=WardTarget.Indicator.values[0], target_value=90
    )
    job = PrintJob.objects.create(
        kind=PrintJob.Kind.FAMILY_CERTIFICATES,
        params={"phase": phase1.pk},
        status=PrintJob.Status.DONE,
        created_by=office_user,
    )
    job.file.save("giay-chung-nhan.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    return {
        "campaign": campaign,
        "phase": phase1,
        "proposal": proposal,
        "decision": decision,
        "target": target,
        "pledge": Pledge.objects.filter(campaign=campaign).first(),
        "print_job": job,
        "user": team_user,
        **scopes,
    }


# url-name prefix → the object a `pk` kwarg stands for (longest prefix first).
PK_OF = {
    "setup_campaign": "campaign",
    "setup_phase": "phase",
    "setup_user": "user",
    "proposal": "proposal",
    "ward_target": "target",
    "pledge": "pledge",
    "decision": "decision",
    "certificate": "certificate",
    "print_job": "print_job",
    "selfassessment_household": "household",
}
# kwarg name → its value, from the world (w) and the TDP scope (s, "8" or "9").
KWARGS = {
    "phase_id": lambda w, s: w["phase"].pk,
    "campaign_pk": lambda w, s: w["campaign"].pk,
    "tdp_id": lambda w, s: w[s].tdp.pk,
    "household_id": lambda w, s: w[s].household.pk,
    "resident_id": lambda w, s: w[s].resident.pk,
    "year": lambda w, s: w["phase"].campaign.year,
    "phase": lambda w, s: w["phase"].number,
    "code": lambda w, s: w[s].tdp.code,
    "fmt": lambda w, s: "pdf",
    "table": lambda w, s: "households",
    "ward_id": lambda w, s: w["campaign"].ward_id,
}
# (url name, kwarg) whose value is not the kwarg table's.
KWARG_OVERRIDES = {
    ("verify_certificate", "code"): lambda w, s: w[s].certificate.verification_code,
}
# Scope given in the query string.
QUERIES = {
    "dashboard_export": lambda w, s: f"phase={w['phase'].pk}&tdp={w[s].tdp.pk}",
    "selfassessment_blank": lambda w, s: f"to={w[s].tdp.code}",
    "selfassessment_lookup": lambda w, s: f"ma={w[s].household.code}",
    "certificate_list": lambda w, s: f"tdp={w[s].tdp.pk}",
    "verify_lookup": lambda w, s: f"ma={w[s].certificate.verification_code}",
}


def _pk(w, s, name):
    prefix = max((p for p in PK_OF if name.startswith(p)), key=len)
    value = w[PK_OF[prefix]] if PK_OF[prefix] in w else getattr(w[s], PK_OF[prefix])
    return value.pk


def url_for(w, scope, name, kwargs):
    values = {}
    for kwarg in kwargs:
        fill = KWARG_OVERRIDES.get((name, kwarg)) or KWARGS.get(kwarg)
        values[kwarg] = _pk(w, scope, name) if kwarg == "pk" and fill is None else fill(w, scope)
    url = reverse(name, kwargs=values)
    query = QUERIES.get(name)
    return f"{url}?{query(w, scope)}" if query else url


# ------------------------------------------------------------------ requests


class _NoLayout:
    """Stands in for weasyprint.HTML: the HTML is rendered from the templates as always, the
    layout (seconds per document; tested in tests/awards/printing) is skipped."""

    def __init__(self, *args, **kwargs):
        pass

    pages = [None]

    def render(self, *args, **kwargs):
        return self

    def write_pdf(self, target=None, *args, **kwargs):
        data = b"%PDF-1.7\n%%EOF\n"
        if target is None:
            return data
        if isinstance(target, str | bytes) or hasattr(target, "__fspath__"):
            with open(target, "wb") as f:
                f.write(data)
        else:
            target.write(data)
        return None


@pytest.fixture(autouse=True)
def no_pdf_layout(monkeypatch):
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", _NoLayout)


def answer(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "login"
    return str(response.status_code)


def observe(request, world, methods):
    """{(method, url name): {column: answer}}, one request per distinct (user, method, URL)."""
    urls = named_urls()
    seen, observed = {}, {}
    clients = {}
    for column in COLUMNS:
        client = clients[column] = Client()
        if column != "anon":
            client.force_login(request.getfixturevalue(USERS[column]))
    for method, names in methods.items():
        for name in names:
            for column in COLUMNS:
                url = url_for(world, SCOPE[column], name, urls[name])
                key = (USERS.get(column), method, url)
                if key not in seen:
                    seen[key] = _send(clients[column], method, url)
                    if method == "POST" and column != "anon":  # e.g. log-out ends the session
                        clients[column].force_login(request.getfixturevalue(USERS[column]))
                observed.setdefault((method, name), {})[column] = seen[key]
    return observed


def _send(client, method, url) -> str:
    try:
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, {})
            transaction.set_rollback(True)
    except Exception as exc:  # reported with its row, not as a crash of the whole matrix
        return f"{type(exc).__name__}"
    return answer(response)


def _row(name, answers) -> str:
    return f"{name:<26}" + "".join(f"{answers[c]:<6}" for c in COLUMNS).rstrip()


def test_every_named_url_is_in_the_table():
    urls = named_urls()
    missing = sorted(set(urls) - set(parse(GET)))
    assert not missing, f"named URLs missing from the GET table (add them): {missing}"
    gone = sorted(set(parse(GET)) - set(urls)) + sorted(set(parse(POST)) - set(urls))
    assert not gone, f"table rows of URL names that no longer exist: {gone}"


def test_access_matrix(request, world):
    urls = named_urls()
    get_table, post_table = parse(GET), parse(POST)
    # A view that answers 405 to every signed-in GET is a POST-only view: it needs POST rows.
    post_only = [
        name
        for name, row in get_table.items()
        if all(row[c] == "405" for c in COLUMNS if c != "anon")
    ]
    unlisted = sorted(set(post_only) - set(post_table))
    assert not unlisted, f"POST-only views missing from the POST table: {unlisted}"
    observed = observe(
        request,
        world,
        {"GET": sorted(urls), "POST": sorted(n for n in post_table if n in urls)},
    )
    mismatches = []
    for (method, name), answers in observed.items():
        want = (get_table if method == "GET" else post_table).get(name)
        if want != answers:
            mismatches.append(
                f"{method} {name}\n  expected {_row('', want) if want else '(no row)'}\n"
                f"  observed {_row('', answers)}"
            )
    assert not mismatches, "\n".join(
        [f"{len(mismatches)} rows differ (columns: {' '.join(COLUMNS)}):", *mismatches]
    )
