from django.db import models


class OrgRole(models.TextChoices):
    """Organization-wide roles. Program managers and participants are per program."""

    MEMBER = "member", "Member"
    ADMIN = "admin", "Organization admin"
    EXECUTIVE = "executive", "Executive viewer"
