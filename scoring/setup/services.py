"""Queries of the campaign set-up screens (the writes are the forms' model saves)."""

from django.db.models import Prefetch

from scoring.models import Campaign, Phase


def ward_campaigns(ward_id: int):
    """The ward's campaigns, newest first, each with its phases in order (two queries)."""
    return (
        Campaign.objects.filter(ward_id=ward_id)
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("number")))
        .order_by("-year")
    )


def next_phase_number(campaign: Campaign) -> int:
    """The number a new phase of `campaign` is offered: one after its last, else 1."""
    last = campaign.phases.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1
