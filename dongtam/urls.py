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
    path("", include("scoring.urls_import")),  # roster upload
    path("", include("scoring.urls_setup")),  # campaign set-up
    path("", include("awards.urls_entry")),  # steps 1–2: TDP data entry
    path("", include("awards.urls_review")),  # steps 3–4, dashboard, audit
    path("", include("awards.urls_proposals")),  # proposals, decisions
    path("", include("awards.urls_documents")),  # PDFs, certificates, verification
]
