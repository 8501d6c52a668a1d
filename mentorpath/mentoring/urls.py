from django.urls import path

from mentorpath.mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("", views.my_mentorships, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/end/", views.end, name="end"),
]
