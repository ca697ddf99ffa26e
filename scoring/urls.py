from django.urls import path

from scoring import views as views_standings

urlpatterns = [
    path("xep-hang/", views_standings.standings, name="standings"),
    path("xep-hang/tai-xuong.xlsx", views_standings.standings_xlsx, name="standings_xlsx"),
]
