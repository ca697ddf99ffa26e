"""`get_<object>_for_user()` for the procedure's objects — dossiers, proposals, decisions,
targets, pledges, certificates, print jobs — beside households.access (TDPs, households,
residents) and scoring.phases (campaigns, phases). Each answers 404 for an object outside
the user's ward or TDPs, with `select_related` for what its pages show. Who may *act* on
an object is the role lists of households.access and the procedure's verdicts."""

from __future__ import annotations

from django.http import Http404

from awards.models import (
    AwardProposal,
    Decision,
    Dossier,
    FamilyCertificate,
    Pledge,
    PrintJob,
    WardTarget,
)
from households.access import (
    AWARD_COMPILERS,
    AWARD_DECIDERS,
    CERTIFICATE_PRINTERS,
    DECISION_RECORDERS,
    MERIT_PRINTERS,
    can_view_tdp,
    has_role,
    ward_id_of,
)


def _first_or_404(queryset, message: str):
    obj = queryset.first()
    if obj is None:
        raise Http404(message)
    return obj


def get_dossier_for_user(user, phase, tdp) -> Dossier:
    """The TDP's dossier of the phase (the TDP already checked by get_tdp_for_user)."""
    if not can_view_tdp(user, tdp.id) or phase.campaign.ward_id != ward_id_of(user):
        raise Http404("Không tìm thấy hồ sơ.")
    return _first_or_404(
        Dossier.objects.filter(phase=phase, tdp=tdp).select_related("tdp", "phase__campaign"),
        "Tổ dân phố chưa có hồ sơ của giai đoạn này.",
    )


def get_proposal_for_user(user, pk) -> AwardProposal:
    return _first_or_404(
        AwardProposal.objects.select_related(
            "campaign__ward", "phase__campaign__ward", "tdp", "decision", "decided_by"
        ).filter(pk=pk, campaign__ward_id=ward_id_of(user)),
        "Không tìm thấy đề nghị khen thưởng.",
    )


def get_decision_for_user(user, pk) -> Decision:
    return _first_or_404(
        Decision.objects.select_related("ward", "campaign", "phase").filter(
            pk=pk, ward_id=ward_id_of(user)
        ),
        "Không tìm thấy quyết định.",
    )


def get_target_for_user(user, campaign, pk) -> WardTarget:
    if campaign.ward_id != ward_id_of(user):
        raise Http404("Không tìm thấy chỉ tiêu.")
    return _first_or_404(
        WardTarget.objects.filter(pk=pk, campaign=campaign), "Không tìm thấy chỉ tiêu."
    )


def get_pledge_for_user(user, campaign, pk) -> Pledge:
    if campaign.ward_id != ward_id_of(user):
        raise Http404("Không tìm thấy đơn vị ký cam kết.")
    return _first_or_404(
        Pledge.objects.filter(pk=pk, campaign=campaign), "Không tìm thấy đơn vị ký cam kết."
    )


def get_certificate_for_user(user, pk) -> FamilyCertificate:
    return _first_or_404(
        FamilyCertificate.objects.select_related("phase__campaign", "household__tdp").filter(
            pk=pk, phase__campaign__ward_id=ward_id_of(user)
        ),
        "Không tìm thấy giấy chứng nhận.",
    )


def print_jobs_for_user(user):
    """Print jobs of the user's ward of the kinds the user's role may print."""
    kinds = []
    if has_role(user, *CERTIFICATE_PRINTERS):
        kinds.append(PrintJob.Kind.FAMILY_CERTIFICATES)
    if has_role(user, *MERIT_PRINTERS):
        kinds.append(PrintJob.Kind.MERIT_CERTIFICATES)
    return PrintJob.objects.filter(
        kind__in=kinds, created_by__membership__ward_id=ward_id_of(user)
    ).select_related("created_by")


def get_print_job_for_user(user, pk) -> PrintJob:
    return _first_or_404(print_jobs_for_user(user).filter(pk=pk), "Không tìm thấy lệnh in.")


def award_abilities(user) -> dict[str, bool]:
    """What the award screens (proposals, targets, pledges, decisions) offer the user:
    `can_compile` (the office), `can_decide` (the Chairman), `can_record` (a decision)."""
    return {
        "can_compile": has_role(user, *AWARD_COMPILERS),
        "can_decide": has_role(user, *AWARD_DECIDERS),
        "can_record": has_role(user, *DECISION_RECORDERS),
    }
