from django.urls import path

from mentorpath.succession import views

app_name = "succession"
ROLE = "roles/<int:pk>/"
CANDIDATE = "candidates/<int:pk>/"
urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("pipeline.csv", views.pipeline_csv, name="pipeline_csv"),
    path("roles/new/", views.role_new, name="role_new"),
    path(ROLE, views.role_detail, name="role"),
    path(f"{ROLE}edit/", views.role_edit, name="role_edit"),
    path(f"{ROLE}delete/", views.role_delete, name="role_delete"),
    path(f"{ROLE}candidates/", views.candidate_add, name="candidate_add"),
    path(CANDIDATE, views.candidate_detail, name="candidate"),
    path(f"{CANDIDATE}edit/", views.candidate_edit, name="candidate_edit"),
    path(f"{CANDIDATE}remove/", views.candidate_remove, name="candidate_remove"),
    path(f"{CANDIDATE}reviews/", views.review_add, name="review_add"),
    path(f"{CANDIDATE}program/", views.link_program, name="link_program"),
    path(f"{CANDIDATE}mentors/<int:person_pk>/", views.propose_mentor, name="propose_mentor"),
]
