from django.urls import path

from mentorpath.recognition import views

app_name = "recognition"
BADGE = "badges/<int:pk>/"
WALL = "programs/<slug:slug>/wall/"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("settings/", views.settings, name="settings"),
    path("badges/", views.badge_list, name="badges"),
    path("badges/new/", views.badge_new, name="badge_new"),
    path(BADGE, views.badge_detail, name="badge"),
    path(f"{BADGE}award/", views.badge_award, name="badge_award"),
    path(f"{BADGE}awards/<int:award_pk>/revoke/", views.badge_revoke, name="badge_revoke"),
    path("pairs/<int:pk>/kudos/", views.kudos_send, name="kudos_send"),
    path(WALL, views.wall, name="wall"),
    path(f"{WALL}<int:pk>/hide/", views.wall_hide, name="wall_hide"),
    path("certificates/pairs/<int:pk>.pdf", views.pair_certificate, name="pair_certificate"),
    path("certificates/hours.pdf", views.hours_certificate, name="hours_certificate"),
    path("export/", views.export_page, name="export"),
    path("export.csv", views.export_csv, name="export_csv"),
]
