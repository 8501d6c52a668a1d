from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "mentorpath.integrations"
