from django.db.models import QuerySet

from mentorpath.hris.models import ImportJob


def recent_imports(*, limit: int = 20) -> QuerySet[ImportJob]:
    return ImportJob.objects.select_related("created_by").order_by("-created_at")[:limit]
