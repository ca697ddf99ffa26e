"""Shared builders for the review / dashboard tests."""

import datetime

from django.utils import timezone

from awards.models import Dossier

ROLE_FIXTURES = {
    "admin": "admin_user",
    "office": "office_user",
    "chairman": "chairman_user",
    "staff": "staff_user",
    "tdp_team": "team_user",
    "tdp_officer": "officer_user",
}


def submitted(phase, tdp, late=False, user=None):
    return Dossier.objects.create(
        phase=phase,
        tdp=tdp,
        state=Dossier.State.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime(2022, 9, 8, 10, 0)),
        submitted_by=user,
        submitted_late=late,
    )
