"""Live figures computed once per change, not once per page (issue 11).

The standings engine (scoring/standings.py) splits its work per TDP: a TDP's households
with their member counts, and its criterion-adoption counts, depend only on that TDP's
register and assessments and on the phase (campaign, number, reference date). Each piece
is kept in this process under the TDP's `ResultsVersion`, read from the database on every
call (joined to the query that lists the TDPs), so a page costs O(number of TDPs) when
nothing changed, and a change in one TDP recomputes that TDP only.

Exactness. Every write that can change a TDP's figures bumps its version in the same
transaction: per-object saves and deletes of Household, Resident, Assessment and Phase
through the signals below (pre_save / pre_delete, one UPDATE each, with the TDP found by a
subquery, so a resident or household moving between TDPs bumps both); QuerySet.update(),
bulk_create() and bulk_update() of those models through their querysets (bump every TDP);
the importer's and the demo's raw writes inside `bulk_writes()`. The token is random at each
bump, so a version seen inside a transaction that rolls back is never seen again, and
pieces computed from uncommitted rows are keyed by a version no other transaction can see.

Why a per-process store and not Django's cache framework: the version is read from the
database on every call, so a process-local store is exact whatever the number of gunicorn
processes, needs no shared server or table, and returns the pieces without pickling (a
LocMemCache or DatabaseCache unpickles every value on every read — tens of milliseconds for a
75,000-resident ward). Each process computes a changed TDP once. The cached objects are
shared between requests: they are immutable (HouseholdStanding is a frozen dataclass; lists
are copied before they are handed out)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.db.models import F, Q
from django.db.models.signals import post_save, pre_delete, pre_save

from households.models import Household, Resident, ResidentialGroup
from households.signals import bulk_write
from scoring.models import Assessment, Phase, ResultsVersion

MAX_ENTRIES = 50_000  # pieces kept per process before the store starts afresh

_store: dict[tuple, tuple[str, object]] = {}
_lock = threading.Lock()
_disabled: ContextVar[bool] = ContextVar("scoring_cache_disabled", default=False)
_bulk: ContextVar[bool] = ContextVar("scoring_cache_bulk", default=False)


# --- reading --------------------------------------------------------------------------------


def version_of(counter, token) -> str | None:
    return None if token is None else f"{counter}:{token}"


def tdp_versions(ward_id: int, tdp_ids=None) -> dict[int, str | None]:
    """{tdp id: version} for the ward's TDPs (or those of `tdp_ids` in the ward). One query."""
    tdps = ResidentialGroup.objects.filter(ward_id=ward_id)
    if tdp_ids is not None:
        tdps = tdps.filter(id__in=list(tdp_ids))
    rows = tdps.order_by().values_list("id", "results_version__counter", "results_version__token")
    return {pk: version_of(counter, token) for pk, counter, token in rows}


def with_versions(tdps):
    """A ResidentialGroup queryset annotated with each TDP's version (same query)."""
    return tdps.annotate(
        results_counter=F("results_version__counter"), results_token=F("results_version__token")
    )


def phase_signature(phase: Phase) -> tuple:
    """What of the phase the cached pieces depend on (the threshold only ranks TDPs, which is
    done afresh from the pieces)."""
    return (phase.pk, phase.campaign_id, phase.number, phase.reference_date)


def pieces(
    kind: str,
    phase: Phase,
    versions: dict[int, str | None],
    compute: Callable[[list[int]], dict[int, object]],
) -> dict[int, object]:
    """{tdp id: piece} for every TDP of `versions`: from the store when its version matches,
    else computed (all missing TDPs at once) by `compute(tdp_ids)` and stored."""
    sig = (kind, *phase_signature(phase))
    use = not _disabled.get()
    found: dict[int, object] = {}
    missing = []
    for tdp_id, version in versions.items():
        entry = _store.get((sig, tdp_id)) if use and version is not None else None
        if entry is not None and entry[0] == version:
            found[tdp_id] = entry[1]
        else:
            missing.append(tdp_id)
    if missing:
        computed = compute(missing)
        with _lock:
            if len(_store) > MAX_ENTRIES:
                _store.clear()
            for tdp_id in missing:
                piece = computed[tdp_id]
                found[tdp_id] = piece
                version = versions[tdp_id]
                if use and version is not None:
                    _store[(sig, tdp_id)] = (version, piece)
    return found


def clear() -> None:
    """Forget every cached piece of this process (tests)."""
    with _lock:
        _store.clear()


@contextlib.contextmanager
def disabled():
    """Compute everything afresh inside the block (nothing read from or written to the store):
    the reference the tests compare cached figures with."""
    token = _disabled.set(True)
    try:
        yield
    finally:
        _disabled.reset(token)


# --- writing --------------------------------------------------------------------------------


def bump_all() -> None:
    """A new version for every TDP (bulk writes, phases)."""
    ResultsVersion.objects.bump()


def bulk_written() -> None:
    """After a QuerySet.update() / bulk_create() / bulk_update() of rows behind the figures."""
    if not _bulk.get():
        bump_all()


@contextlib.contextmanager
def bulk_writes(*, reads_inside: bool = True):
    """Many writes at once (import, demo data, reset): per-object bumps are skipped inside
    the block and every TDP gets a new version on exit. With `reads_inside` (the default) it
    gets one on entry too, so figures computed inside the block are kept under a version only
    this transaction sees; a block that computes no figures may pass False (one query less).
    Use it inside the transaction of the writes."""
    if reads_inside:
        bump_all()
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)
    bump_all()


def _bump(tdp_q: Q) -> None:
    if not _bulk.get():
        ResultsVersion.objects.filter(tdp_q).bump()


def _tdps_of_households(household_ids: Iterable) -> Q:
    return Q(tdp_id__in=Household.objects.filter(id__in=household_ids).values("tdp_id"))


def _household_saved(sender, instance: Household, raw=False, **kwargs):
    q = Q(tdp_id=instance.tdp_id)
    if instance.pk is not None:  # the TDP it is in now, before this save moves it
        q |= _tdps_of_households([instance.pk])
    _bump(q)


def _household_deleted(sender, instance: Household, **kwargs):
    _bump(_tdps_of_households([instance.pk]))


def _resident_saved(sender, instance: Resident, raw=False, **kwargs):
    households = Q(id=instance.household_id)
    if instance.pk is not None:  # the household it is in now, before this save
        households |= Q(id__in=Resident.objects.filter(pk=instance.pk).values("household_id"))
    _bump(Q(tdp_id__in=Household.objects.filter(households).values("tdp_id")))


def _resident_deleted(sender, instance: Resident, **kwargs):
    _bump(_tdps_of_households(Resident.objects.filter(pk=instance.pk).values("household_id")))


def _assessment_saved(sender, instance: Assessment, raw=False, **kwargs):
    residents = Q(id=instance.resident_id)
    if instance.pk is not None:
        residents |= Q(id__in=Assessment.objects.filter(pk=instance.pk).values("resident_id"))
    households = Resident.objects.filter(residents).values("household_id")
    _bump(_tdps_of_households(households))


def _assessment_deleted(sender, instance: Assessment, **kwargs):
    households = Resident.objects.filter(
        id__in=Assessment.objects.filter(pk=instance.pk).values("resident_id")
    ).values("household_id")
    _bump(_tdps_of_households(households))


def _phase_changed(sender, instance: Phase, **kwargs):
    """Reference date, number or campaign: every TDP of the ward (R1, R11)."""
    if not _bulk.get():
        bump_all()


def _tdp_saved(sender, instance: ResidentialGroup, created=False, **kwargs):
    ResultsVersion.objects.get_or_create(tdp_id=instance.pk)


def _register_bulk_write(sender, **kwargs):
    bulk_written()


def connect() -> None:
    """Called once from ScoringConfig.ready()."""
    uid = "scoring.cache"
    pre_save.connect(_household_saved, sender=Household, dispatch_uid=f"{uid}.hh.save")
    pre_delete.connect(_household_deleted, sender=Household, dispatch_uid=f"{uid}.hh.del")
    pre_save.connect(_resident_saved, sender=Resident, dispatch_uid=f"{uid}.r.save")
    pre_delete.connect(_resident_deleted, sender=Resident, dispatch_uid=f"{uid}.r.del")
    pre_save.connect(_assessment_saved, sender=Assessment, dispatch_uid=f"{uid}.a.save")
    pre_delete.connect(_assessment_deleted, sender=Assessment, dispatch_uid=f"{uid}.a.del")
    pre_save.connect(_phase_changed, sender=Phase, dispatch_uid=f"{uid}.p.save")
    pre_delete.connect(_phase_changed, sender=Phase, dispatch_uid=f"{uid}.p.del")
    post_save.connect(_tdp_saved, sender=ResidentialGroup, dispatch_uid=f"{uid}.tdp.save")
    bulk_write.connect(_register_bulk_write, dispatch_uid=f"{uid}.bulk")
