"""System checks that catch an SSO configuration which would lock everyone out."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def local_login_off_needs_sso(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.LOCAL_LOGIN_ENABLED or (settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID):
        return []
    return [
        Error(
            "LOCAL_LOGIN_ENABLED is false but single sign-on is not configured: nobody could "
            "log in.",
            hint="Set OIDC_ISSUER and OIDC_CLIENT_ID, or LOCAL_LOGIN_ENABLED=true.",
            id="sso.E001",
        )
    ]
