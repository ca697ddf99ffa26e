"""Campaign set-up: copying a campaign to a new year (R15)."""

from django.urls import path

from awards.campaigns import views

urlpatterns = [
    path(
        "setup/campaigns/<int:pk>/copy/",
        views.setup_campaign_copy,
        name="setup_campaign_copy",
    ),
]
