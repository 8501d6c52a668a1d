"""Remove what `mentorpath.demo.growth` seeds that deleting people and programs leaves behind
(organization-wide rows), so a test can seed the demo again."""

from django.apps import apps

from mentorpath.demo.growth import AREAS

GROWTH_APPS = ("learning", "recognition", "succession", "announcements")


def wipe_growth() -> None:
    assert {area.split("_")[0] for area in AREAS} <= set(GROWTH_APPS)
    for label in GROWTH_APPS:
        # Paths before resources: a path step protects its resource.
        models = sorted(
            apps.get_app_config(label).get_models(), key=lambda m: m.__name__ != "LearningPath"
        )
        for model in models:
            model._default_manager.all().delete()
