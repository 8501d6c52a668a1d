from django.apps import AppConfig


class SSOConfig(AppConfig):
    name = "mentorpath.sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        from mentorpath.sso import checks  # noqa: F401  (registers the system checks)
