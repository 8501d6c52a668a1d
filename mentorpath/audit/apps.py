from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AuditConfig(AppConfig):
    name = "mentorpath.audit"
    verbose_name = "Audit log"
    default = True


class AuditedAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the audited site as `admin.site` (see `audit.admin_site`)."""

    default = False
    default_site = "mentorpath.audit.admin_site.AuditedAdminSite"
