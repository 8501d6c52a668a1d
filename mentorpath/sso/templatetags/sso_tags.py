from typing import Any

from django import template
from django.conf import settings

from mentorpath.sso.client import oidc_config

register = template.Library()


@register.inclusion_tag("sso/login_options.html")
def sso_login_options(next_url: str = "") -> dict[str, Any]:
    """The "Log in with …" button when single sign-on is configured."""
    config = oidc_config()
    return {"label": config.label if config else "", "enabled": bool(config), "next": next_url}


@register.simple_tag
def local_login_enabled() -> bool:
    return bool(settings.LOCAL_LOGIN_ENABLED)
