from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "mentorpath.webhooks"

    def ready(self) -> None:
        from mentorpath.core import events
        from mentorpath.webhooks.services import on_event

        events.subscribe(on_event, in_transaction=True)
