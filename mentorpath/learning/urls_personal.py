"""Recommendations for you and resources a mentor assigns, in the `learning` namespace."""

from django.urls import path

from mentorpath.learning import views_personal as views

PAIR = "pairs/<int:pk>/assignments/"

urlpatterns = [
    path("for-you/", views.for_you, name="for_you"),
    path(PAIR, views.pair_assignments, name="pair_assignments"),
    path(f"{PAIR}<int:assignment_pk>/done/", views.assignment_done, name="assignment_done"),
]
