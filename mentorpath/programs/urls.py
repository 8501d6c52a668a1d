from django.urls import path

from mentorpath.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("manage/", views.managed, name="managed"),
    path("new/", views.create, name="create"),
    path("enrollments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("enrollments/<int:pk>/<str:decision>/", views.decide, name="decide"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/setup/", views.setup, name="setup"),
    path("<slug:slug>/objectives/", views.objective_add, name="objective_add"),
    path(
        "<slug:slug>/objectives/<int:pk>/delete/", views.objective_delete, name="objective_delete"
    ),
    path("<slug:slug>/questions/", views.question_add, name="question_add"),
    path("<slug:slug>/questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("<slug:slug>/transition/", views.transition, name="transition"),
    path("<slug:slug>/join/<str:role>/", views.enroll, name="enroll"),
    path("<slug:slug>/enrollments/", views.enrollments, name="enrollments"),
]
