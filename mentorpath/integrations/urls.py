from django.urls import path

from mentorpath.integrations import views

app_name = "integrations"
urlpatterns = [
    path("", views.calendar_settings, name="settings"),
    path("feed/", views.feed_create, name="feed_create"),
    path("feed/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("checkins/<int:pk>.ics", views.checkin_ics, name="checkin_ics"),
]
