from django.apps import AppConfig


class SuccessionConfig(AppConfig):
    name = "mentorpath.succession"
