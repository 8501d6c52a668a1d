"""Export side effects. `export_started` is called once at the start of every export, from the
page and the API alike; for now it logs, and the audit log (issue 8, item 6) hooks in here."""

import logging
from typing import Any

from mentorpath.accounts.models import User
from mentorpath.audit.services import record

logger = logging.getLogger("mentorpath.exports")


def export_started(*, user: User, dataset: str, format: str, filters: dict[str, Any]) -> None:
    """Record that `user` started exporting `dataset` as `format` with `filters` (plain values:
    program slug, ISO dates)."""
    logger.info(
        "export started: user=%s dataset=%s format=%s filters=%s",
        user.pk,
        dataset,
        format,
        filters,
    )
    record(
        actor=user,
        action="export.downloaded",
        target=(f"export.{dataset}", None, f"{dataset} ({format})"),
        context={
            "dataset": dataset,
            "format": format,
            "filters": {key: value for key, value in filters.items() if value not in (None, "")},
        },
    )
