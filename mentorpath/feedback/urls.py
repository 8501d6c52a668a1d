from django.urls import path

from mentorpath.feedback import views

app_name = "feedback"
SURVEY = "surveys/<int:pk>/"
QUESTION = f"{SURVEY}questions/<int:question_pk>/"
urlpatterns = [
    path("", views.my_surveys, name="mine"),
    path("program/<slug:slug>/surveys/", views.survey_list, name="surveys"),
    path("program/<slug:slug>/surveys/new/", views.survey_new, name="survey_new"),
    path(SURVEY, views.survey_builder, name="survey"),
    path(f"{SURVEY}edit/", views.survey_edit, name="survey_edit"),
    path(f"{SURVEY}open/", views.survey_open, name="survey_open"),
    path(f"{SURVEY}close/", views.survey_close, name="survey_close"),
    path(f"{SURVEY}questions/", views.question_add, name="question_add"),
    path(f"{QUESTION}edit/", views.question_edit, name="question_edit"),
    path(f"{QUESTION}delete/", views.question_delete, name="question_delete"),
    path(f"{QUESTION}move/", views.question_move, name="question_move"),
    path(f"{SURVEY}results/", views.results, name="results"),
    path(f"{SURVEY}results.csv", views.results_csv, name="results_csv"),
    path("responses/<int:pk>/", views.respond, name="respond"),
    path("pulse/<int:checkin_pk>/", views.pulse, name="pulse"),
    path("skills/<int:pair_pk>/<str:phase>/", views.skills, name="skills"),
]
