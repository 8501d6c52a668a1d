from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mentorpath.accounts"
