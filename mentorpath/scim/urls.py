"""SCIM 2.0 at /scim/v2/ (RFC 7644 §3.2), and the token page at /scim/v2/tokens/.

The token page lives under this URL module (lower-case `tokens/`, which no SCIM resource is
named) so the app owns all its URLs; every other path answers a SCIM error in JSON.
"""

from django.urls import path, re_path

from mentorpath.scim import views

app_name = "scim"

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    re_path(r"^Users/?$", views.users, name="users"),
    re_path(r"^(?:Users/)?\.search/?$", views.users_search, name="users_search"),
    re_path(r"^Users/(?P<pk>[^/]+)/?$", views.user_detail, name="user"),
    re_path(
        r"^ServiceProviderConfigs?/?$",
        views.service_provider_config,
        name="service_provider_config",
    ),
    re_path(r"^Schemas/?$", views.schemas, name="schemas"),
    re_path(r"^Schemas/(?P<schema_id>[^/]+)/?$", views.schemas, name="schema"),
    re_path(r"^ResourceTypes/?$", views.resource_types, name="resource_types"),
    re_path(r"^ResourceTypes/(?P<name>[^/]+)/?$", views.resource_types, name="resource_type"),
    re_path(r"^(?P<what>Groups|Bulk|Me)(?:/(?P<rest>.*))?$", views.unsupported, name="unsupported"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
