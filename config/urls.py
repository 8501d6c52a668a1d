from django.contrib import admin
from django.urls import include, path

from mentorpath.api.urls import api
from mentorpath.sso.views import admin_login

admin.site.site_header = "Mentorpath administration"
admin.site.site_title = "Mentorpath admin"

urlpatterns = [
    path("", include("mentorpath.core.urls")),
    path("accounts/", include("mentorpath.accounts.urls")),
    path("people/", include("mentorpath.people.urls")),
    path("programs/<slug:slug>/matching/", include("mentorpath.matching.urls")),
    path("programs/", include("mentorpath.programs.urls")),
    path("mentorships/", include("mentorpath.mentoring.urls")),
    path("feedback/", include("mentorpath.feedback.urls")),
    path("notifications/", include("mentorpath.notifications.urls")),
    path("calendar/", include("mentorpath.integrations.urls")),
    path("exports/", include("mentorpath.exports.urls")),
    path("privacy/", include("mentorpath.privacy.urls")),
    path("analytics/", include("mentorpath.analytics.urls")),
    path("learning/", include("mentorpath.learning.urls")),
    path("recognition/", include("mentorpath.recognition.urls")),
    path("succession/", include("mentorpath.succession.urls")),
    path("announcements/", include("mentorpath.announcements.urls")),
    path("hris/", include("mentorpath.hris.urls")),
    path("audit/", include("mentorpath.audit.urls")),
    path("scim/v2/", include("mentorpath.scim.urls")),
    path("sso/", include("mentorpath.sso.urls")),
    path("webhooks/", include("mentorpath.webhooks.urls")),
    path("api/v1/", api.urls),
    # Before the admin: with local login off, its login page sends people to single sign-on.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
]
