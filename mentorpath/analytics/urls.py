from django.urls import path

from mentorpath.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.organization, name="organization"),
    path("csv/<slug:key>/", views.organization_csv, name="organization_csv"),
    path("program/<slug:slug>/", views.program_dashboard, name="program"),
    path("program/<slug:slug>/csv/<slug:key>/", views.program_csv, name="program_csv"),
    path("program/<slug:slug>/report.pdf", views.program_report, name="program_report"),
]
