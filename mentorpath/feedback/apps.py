from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "mentorpath.feedback"
