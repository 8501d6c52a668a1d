from django.urls import path

from mentorpath.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.matching_home, name="home"),
    path("runs/", views.run_start, name="run_start"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/approve/", views.approve, name="approve"),
    path(
        "runs/<int:run_id>/proposals/<int:proposal_id>/override/",
        views.override,
        name="override",
    ),
]
