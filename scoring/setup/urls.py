"""Campaign set-up (office, admin)."""

from django.urls import path

from scoring.setup import views as views_setup

urlpatterns = [
    path("setup/", views_setup.setup_home, name="setup_home"),
    path("setup/campaigns/new/", views_setup.setup_campaign_edit, name="setup_campaign_new"),
    path("setup/campaigns/<int:pk>/", views_setup.setup_campaign_edit, name="setup_campaign_edit"),
    path(
        "setup/campaigns/<int:campaign_pk>/phases/new/",
        views_setup.setup_phase_edit,
        name="setup_phase_new",
    ),
    path("setup/phases/<int:pk>/", views_setup.setup_phase_edit, name="setup_phase_edit"),
    path("setup/users/", views_setup.setup_users, name="setup_users"),
    path("setup/users/new/", views_setup.setup_user_edit, name="setup_user_new"),
    path("setup/users/<int:pk>/", views_setup.setup_user_edit, name="setup_user_edit"),
    path("setup/users/<int:pk>/active/", views_setup.setup_user_active, name="setup_user_active"),
]
