from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "mentorpath.recognition"
