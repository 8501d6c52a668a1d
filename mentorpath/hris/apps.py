from django.apps import AppConfig


class HrisConfig(AppConfig):
    name = "mentorpath.hris"
