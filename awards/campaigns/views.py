"""Campaign set-up, "Sao chép sang năm mới" (office, admin): copy a campaign to a new year
with awards.campaigns.services.copy_campaign (R15). Set-up's other screens are
scoring.setup; this one lives here because copying also copies the targets and the pledge
list (awards)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from awards.campaigns.forms import CopyCampaignForm
from awards.campaigns.services import copy_campaign
from awards.procedure.errors import ProcedureError, show_error
from households.access import SETUP_EDITORS, role_required
from scoring.phases import get_campaign_for_user


@require_http_methods(["GET", "POST"])
@role_required(*SETUP_EDITORS)
def setup_campaign_copy(request, pk):
    source = get_campaign_for_user(request.user, pk=pk)
    form = CopyCampaignForm(request.POST if request.method == "POST" else None, source=source)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = copy_campaign(source, form.cleaned_data["year"])
        except ProcedureError as exc:
            show_error(request, exc, form)
        else:
            messages.success(
                request,
                f"Đã tạo đợt thi đua năm {campaign.year} từ năm {source.year}: "
                f"{campaign.phases.count()} giai đoạn, chỉ tiêu và danh sách ký cam kết. "
                "Hãy kiểm tra lại lịch các bước của từng giai đoạn.",
            )
            return redirect("setup_home")
    return render(
        request,
        "awards/campaigns/copy.html",
        {"form": form, "source": source},
        status=400 if form.is_bound else 200,
    )
