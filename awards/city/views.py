"""The city's pages (role `city` only): wards side by side, and each ward's targets."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from awards.city import services
from awards.city.forms import PeriodForm
from awards.proposals.forms import WardTargetForm
from households.access import CITY_ROLES, role_required
from households.models import Ward


def _period(request) -> tuple[PeriodForm, int | None, int]:
    years = services.campaign_years()
    raw_year = request.GET.get("year") or (years[0] if years else None)
    numbers = services.phase_numbers(int(raw_year)) if str(raw_year).isdigit() else []
    form = PeriodForm(
        {
            "year": raw_year,
            "phase": request.GET.get("phase")
            or (services.current_number(int(raw_year)) if numbers else 1),
        },
        years=years,
        numbers=numbers,
    )
    if not form.is_valid():
        return form, (years[0] if years else None), 1
    return form, form.cleaned_data["year"], form.cleaned_data["phase"]


@require_safe
@role_required(*CITY_ROLES)
def city_overview(request):
    form, year, number = _period(request)
    comparison = services.city_comparison(year, number) if year else None
    return render(request, "awards/city/overview.html", {"form": form, "comparison": comparison})


@require_http_methods(["GET", "POST"])
@role_required(*CITY_ROLES)
def city_targets(request, year: int, ward_id: int):
    campaign = services.get_ward_campaign(ward_id, year)
    form = WardTargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = services.save_target(campaign, form, request.user)
        messages.success(request, f"Đã giao chỉ tiêu “{target}” cho phường {campaign.ward.name}.")
        return redirect("city_targets", year=year, ward_id=ward_id)
    phase = campaign.phases.order_by("-number").first()
    return render(
        request,
        "awards/city/targets.html",
        {
            "campaign": campaign,
            "ward": campaign.ward,
            "rows": services.ward_targets(campaign, phase),
            "phase": phase,
            "form": form,
            "wards": Ward.objects.order_by("name"),
        },
    )
