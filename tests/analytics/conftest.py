from importlib import import_module

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _urlconf_loaded_before_any_patch():
    """Some tests here replace `queries.dashboard` with a hand-built sample. Importing the
    URLconf (and with it every module that imports `dashboard` by name) first keeps such a
    patch from being captured for good by a module imported lazily during the patched test."""
    import_module(settings.ROOT_URLCONF)
