import hashlib
from datetime import datetime

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone

from mentorpath.accounts.enums import OrgRole, TokenScope


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        """Emails are stored lower-case; log in however the person capitalizes theirs."""
        return self.get(email__iexact=username)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True, org_role=OrgRole.ADMIN)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. The employee record it belongs to is `people.Person` (which may have none)."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    org_role = models.CharField(max_length=20, choices=OrgRole.choices, default=OrgRole.MEMBER)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    is_service_account = models.BooleanField(
        default=False,
        help_text="An integration's account: acts through its API tokens only, never logs in.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    # Not a field: the scopes of the API token this request came with, set by the API's token
    # auth on the User it loaded for that request alone (None: a browser session, unlimited).
    # A token without the admin scope acts as a non-admin, so `is_org_admin` is False for it.
    token_scopes: frozenset[str] | None = None

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    @property
    def is_org_admin(self) -> bool:
        if self.token_scopes is not None and TokenScope.ADMIN not in self.token_scopes:
            return False
        return self.is_active and (self.org_role == OrgRole.ADMIN or self.is_superuser)

    @property
    def is_executive(self) -> bool:
        return self.is_active and self.org_role == OrgRole.EXECUTIVE


class ApiToken(models.Model):
    """An API token of a person or of a service account. Only a SHA-256 digest of the key is
    stored; the key is shown once. Revoked tokens are kept (with who and when) for the record."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    scope_read = models.BooleanField(default=True)
    scope_write = models.BooleanField(default=False)
    scope_admin = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope_read=True)
                | models.Q(scope_write=True)
                | models.Q(scope_admin=True),
                name="api_token_has_a_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def scopes(self) -> frozenset[str]:
        flags = {
            TokenScope.READ: self.scope_read,
            TokenScope.WRITE: self.scope_write,
            TokenScope.ADMIN: self.scope_admin,
        }
        return frozenset(str(scope) for scope, held in flags.items() if held)

    @property
    def scope_names(self) -> list[str]:
        """The scopes in their usual order, for display."""
        return [str(scope) for scope in TokenScope if scope in self.scopes]

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and not self.is_expired()
