from django.urls import path

from mentorpath.privacy import views

app_name = "privacy"

urlpatterns = [
    path("me/export/", views.my_export, name="my_export"),
    path("people/<int:pk>/export/", views.person_export, name="export"),
    path("people/<int:pk>/erase/", views.person_erase_view, name="erase"),
]
