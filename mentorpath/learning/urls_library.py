"""The resource library and learning paths, in the `learning` namespace under /learning/."""

from django.urls import path

from mentorpath.learning import views_library as views

RESOURCE = "resources/<int:pk>/"
PATH = "paths/<int:pk>/"
STEP = f"{PATH}steps/<int:step_pk>/"

urlpatterns = [
    path("", views.library, name="library"),
    path("mine/", views.my_learning, name="my_learning"),
    path("bookmarks/", views.bookmarks, name="bookmarks"),
    path("resources/new/", views.resource_new, name="resource_new"),
    path(RESOURCE, views.resource_detail, name="resource"),
    path(f"{RESOURCE}edit/", views.resource_edit, name="resource_edit"),
    path(f"{RESOURCE}file/", views.resource_file, name="resource_file"),
    path(f"{RESOURCE}publish/", views.resource_publish, name="resource_publish"),
    path(f"{RESOURCE}delete/", views.resource_delete, name="resource_delete"),
    path(f"{RESOURCE}bookmark/", views.bookmark, name="bookmark"),
    path(f"{RESOURCE}rate/", views.resource_rate, name="resource_rate"),
    path("paths/", views.paths, name="paths"),
    path("paths/new/", views.path_new, name="path_new"),
    path(PATH, views.path_detail, name="path"),
    path(f"{PATH}edit/", views.path_edit, name="path_edit"),
    path(f"{PATH}start/", views.path_start, name="path_start"),
    path(f"{PATH}steps/", views.step_add, name="step_add"),
    path(f"{STEP}done/", views.step_mark, name="step_mark"),
    path(f"{STEP}move/", views.step_move, name="step_move"),
    path(f"{STEP}remove/", views.step_remove, name="step_remove"),
]
