from django.db.models import Count, Q

from mentorpath.accounts.models import User
from mentorpath.people.models import Person
from mentorpath.programs.enums import EnrollmentStatus, ProgramStatus
from mentorpath.programs.models import Enrollment, Program


def organization_summary() -> dict[str, int]:
    """Headline counts for admins and executives: aggregates only, no names."""
    people = Person.objects.aggregate(
        active=Count("pk", filter=Q(termination_date__isnull=True)),
        with_login=Count("pk", filter=Q(user__isnull=False)),
    )
    programs = Program.objects.aggregate(
        running=Count("pk", filter=Q(status=ProgramStatus.ACTIVE)),
        open=Count("pk", filter=Q(status=ProgramStatus.ENROLLING)),
        total=Count("pk"),
    )
    enrollments = Enrollment.objects.aggregate(
        approved=Count("pk", filter=Q(status=EnrollmentStatus.APPROVED)),
        pending=Count("pk", filter=Q(status=EnrollmentStatus.PENDING)),
    )
    return {
        "people_active": people["active"],
        "people_with_login": people["with_login"],
        "programs_total": programs["total"],
        "programs_running": programs["running"],
        "programs_open": programs["open"],
        "enrollments_approved": enrollments["approved"],
        "enrollments_pending": enrollments["pending"],
        "logins": User.objects.filter(is_active=True, is_service_account=False).count(),
    }
