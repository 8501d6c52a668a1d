from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mentorpath.core"
