from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dongtam import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # Each feature keeps its own URL module (and nav snippet under templates/nav/).
    path("", include("scoring.urls")),  # standings
    path("", include("scoring.importing.urls")),  # roster upload
    path("", include("scoring.setup.urls")),  # campaign set-up
    path("", include("awards.campaigns.urls")),  # set-up: copy a campaign to a new year
    path("", include("households.accounts.urls")),  # set-up: accounts
    path("", include("awards.entry.urls")),  # steps 1–2: TDP data entry
    path("", include("awards.review.urls")),  # step 4: review, audit
    path("", include("awards.dashboard.urls")),  # dashboards and their xlsx tables
    path("", include("awards.proposals.urls")),  # proposals, targets, pledge list
    path("", include("awards.decisions.urls")),  # decisions and their Giấy khen
    path("", include("awards.certificates.urls")),  # certificates, public verification
    path("", include("awards.documents.urls")),  # procedure documents (PDF, xlsx)
    path("", include("awards.printing.urls")),  # print jobs
    path("", include("awards.city.urls")),  # the city: wards side by side, their targets
]
