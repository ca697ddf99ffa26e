"""Campaign set-up in the browser for the standing office and administrators: campaigns and
phases with their reference date, threshold and step windows. The set-up's account screens
(/setup/users/…) are households.accounts.views."""

from django.contrib import messages
from django.shortcuts import redirect, render

from households.access import SETUP_EDITORS, membership_of, role_required, ward_id_of
from scoring.phases import get_campaign_for_user, get_phase_for_user
from scoring.setup.forms import WINDOW_LABELS, CampaignForm, PhaseForm
from scoring.setup.services import next_phase_number, ward_campaigns


@role_required(*SETUP_EDITORS)
def setup_home(request):
    campaigns = ward_campaigns(ward_id_of(request.user))
    return render(request, "scoring/setup/home.html", {"campaigns": campaigns})


@role_required(*SETUP_EDITORS)
def setup_campaign_edit(request, pk=None):
    campaign = get_campaign_for_user(request.user, pk=pk) if pk else None
    form = CampaignForm(
        request.POST or None, instance=campaign, ward=membership_of(request.user).ward
    )
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        messages.success(request, f"Đã lưu đợt thi đua năm {campaign.year}.")
        return redirect("setup_home")
    return render(
        request,
        "scoring/setup/campaign_form.html",
        {"form": form, "campaign": campaign},
        status=400 if form.is_bound else 200,
    )


@role_required(*SETUP_EDITORS)
def setup_phase_edit(request, campaign_pk=None, pk=None):
    phase = get_phase_for_user(request.user, pk) if pk else None
    campaign = phase.campaign if phase else get_campaign_for_user(request.user, pk=campaign_pk)
    initial = {} if phase else {"number": next_phase_number(campaign)}
    form = PhaseForm(request.POST or None, instance=phase, campaign=campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        phase = form.save()
        messages.success(request, f"Đã lưu {phase.name} của đợt thi đua năm {campaign.year}.")
        return redirect("setup_home")
    windows = [
        (label, form[f"step{step}_opens"], form[f"step{step}_closes"])
        for step, label in WINDOW_LABELS.items()
    ]
    return render(
        request,
        "scoring/setup/phase_form.html",
        {"form": form, "phase": phase, "campaign": campaign, "windows": windows},
        status=400 if form.is_bound else 200,
    )
