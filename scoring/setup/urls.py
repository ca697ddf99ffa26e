"""Campaign set-up (office, admin): campaigns and phases. The accounts tab (/setup/users/…)
is households.accounts.urls."""

from django.urls import path

from scoring.setup import views

urlpatterns = [
    path("setup/", views.setup_home, name="setup_home"),
    path("setup/campaigns/new/", views.setup_campaign_edit, name="setup_campaign_new"),
    path("setup/campaigns/<int:pk>/", views.setup_campaign_edit, name="setup_campaign_edit"),
    path(
        "setup/campaigns/<int:campaign_pk>/phases/new/",
        views.setup_phase_edit,
        name="setup_phase_new",
    ),
    path("setup/phases/<int:pk>/", views.setup_phase_edit, name="setup_phase_edit"),
]
