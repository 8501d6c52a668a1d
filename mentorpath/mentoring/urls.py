from django.urls import path

from mentorpath.mentoring import views

app_name = "mentoring"
CHECKIN = "<int:pk>/checkins/<int:checkin_pk>/"
GOAL = "<int:pk>/goals/<int:goal_pk>/"
urlpatterns = [
    path("", views.my_mentorships, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/pause/", views.pause, name="pause"),
    path("<int:pk>/resume/", views.resume, name="resume"),
    path("<int:pk>/mute/", views.mute, name="mute"),
    path("<int:pk>/nudge/", views.nudge, name="nudge"),
    path("<int:pk>/agreement/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/agreement/rhythm/", views.rhythm, name="rhythm"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/notes/<int:note_pk>/delete/", views.note_delete, name="note_delete"),
    path("<int:pk>/checkins/new/", views.checkin_new, name="checkin_new"),
    path(CHECKIN, views.checkin_detail, name="checkin"),
    path(f"{CHECKIN}edit/", views.checkin_edit, name="checkin_edit"),
    path(f"{CHECKIN}cancel/", views.checkin_cancel, name="checkin_cancel"),
    path(f"{CHECKIN}respond/", views.checkin_respond, name="checkin_respond"),
    path(f"{CHECKIN}record/", views.checkin_record, name="checkin_record"),
    path("<int:pk>/goals/new/", views.goal_new, name="goal_new"),
    path(GOAL, views.goal_detail, name="goal"),
    path(f"{GOAL}edit/", views.goal_edit, name="goal_edit"),
    path(f"{GOAL}updates/", views.goal_update, name="goal_update"),
    path(f"{GOAL}milestones/", views.milestone_add, name="milestone_add"),
    path(f"{GOAL}milestones/<int:milestone_pk>/done/", views.milestone_done, name="milestone_done"),
    path("program/<slug:slug>/pairs/", views.pairs, name="pairs"),
    path("program/<slug:slug>/agreement/", views.agreement_template, name="agreement_template"),
]
