from django.conf import settings
from django.db import models


class Erasure(models.Model):
    """That a person was erased on request, when and by whom. The person's row stays (as
    "Erased person") so that every figure built on it stays the same; this row says why."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="erasure")
    erased_at = models.DateTimeField()
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Digests of the employee id and emails they had (see privacy.tombstones), so that a
    # directory sending them again does not bring them back.
    employee_id_digest = models.CharField(max_length=64, blank=True, db_index=True)
    email_digest = models.CharField(max_length=64, blank=True, db_index=True)
    user_email_digest = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-erased_at", "-pk"]

    def __str__(self) -> str:
        return f"Erasure of person #{self.person_id} at {self.erased_at:%Y-%m-%d %H:%M}"
