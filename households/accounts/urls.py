"""The set-up's account screens, under /setup/users/ beside the campaign set-up."""

from django.urls import path

from households.accounts import views

urlpatterns = [
    path("setup/users/", views.setup_users, name="setup_users"),
    path("setup/users/new/", views.setup_user_edit, name="setup_user_new"),
    path("setup/users/<int:pk>/", views.setup_user_edit, name="setup_user_edit"),
    path("setup/users/<int:pk>/active/", views.setup_user_active, name="setup_user_active"),
]
