import hashlib

from django.conf import settings
from django.db import models


class ScimToken(models.Model):
    """A bearer token for an identity provider's SCIM client (Okta, Entra ID, ...).

    Only a SHA-256 digest of the key is stored; the key is shown once, when it is created.
    A token belongs to the organization, not to the admin who made it: it keeps working when
    that admin leaves, until someone revokes it.
    """

    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "SCIM token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class ScimIdentity(models.Model):
    """What SCIM knows of a login beyond the User and Person: the client's externalId, and
    when SCIM last changed the user (part of meta.lastModified)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scim_identity"
    )
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "SCIM identity"
        verbose_name_plural = "SCIM identities"

    def __str__(self) -> str:
        return f"{self.user} ({self.external_id or 'no externalId'})"
