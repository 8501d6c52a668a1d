from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mentorpath.audit"
    verbose_name = "Audit log"
