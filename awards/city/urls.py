from django.urls import path

from awards.city import views

urlpatterns = [
    path("thanh-pho/", views.city_overview, name="city_overview"),
    path(
        "thanh-pho/<int:year>/phuong/<int:ward_id>/chi-tieu/",
        views.city_targets,
        name="city_targets",
    ),
]
