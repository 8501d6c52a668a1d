from django.urls import path

from mentorpath.people import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.my_profile, name="my_profile"),
    path("me/skills/search/", views.skill_search_results, name="skill_search"),
    path("me/skills/", views.skill_save, name="skill_save"),
    path("me/skills/<int:skill_id>/remove/", views.skill_remove, name="skill_remove"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/manager/", views.person_manager, name="manager"),
]
