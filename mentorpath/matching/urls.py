from django.urls import path

from mentorpath.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.matching_home, name="home"),
    path("runs/", views.run_start, name="run_start"),
    path("preview/", views.preview, name="preview"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("requests/", views.request_create, name="request_create"),
    path("requests/<int:pk>/respond/", views.request_respond, name="request_respond"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/approve/", views.approve, name="approve"),
    path(
        "runs/<int:run_id>/proposals/<int:proposal_id>/override/",
        views.override,
        name="override",
    ),
]
