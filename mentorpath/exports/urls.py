from django.urls import path

from mentorpath.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.home, name="home"),
    path("download/", views.download, name="download"),
]
