"""The standings page and its workbook (scoring.views)."""

from django.urls import path

from scoring import views

urlpatterns = [
    path("xep-hang/", views.standings, name="standings"),
    path("xep-hang/tai-xuong.xlsx", views.standings_xlsx, name="standings_xlsx"),
]
