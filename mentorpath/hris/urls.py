from django.urls import path

from mentorpath.hris import views

app_name = "hris"

urlpatterns = [
    path("", views.home, name="home"),
    path("imports/<int:pk>/", views.job_detail, name="job"),
    path("imports/<int:pk>/check/", views.job_check, name="check"),
    path("imports/<int:pk>/apply/", views.job_apply, name="apply"),
]
