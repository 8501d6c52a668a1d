from django.db import models


class OrgRole(models.TextChoices):
    """Organization-wide roles. Program managers and participants are per program."""

    MEMBER = "member", "Member"
    ADMIN = "admin", "Organization admin"
    EXECUTIVE = "executive", "Executive viewer"


class TokenScope(models.TextChoices):
    """What an API token may do. read: GET/HEAD/OPTIONS; write: every other method; admin:
    the organization admin's rights (without it the token's user acts as a non-admin)."""

    READ = "read", "Read"
    WRITE = "write", "Write"
    ADMIN = "admin", "Admin"
