"""The dashboards: the ward, one TDP, and their tables as xlsx."""

from django.urls import path

from awards.dashboard import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/tdp/<int:tdp_id>/", views.dashboard_tdp, name="dashboard_tdp"),
    path("dashboard/export/<slug:table>.xlsx", views.dashboard_export, name="dashboard_export"),
]
