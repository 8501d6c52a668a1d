from mentorpath.programs.models import Program


def test_program_fixture_has_two_approved_participants(program):
    assert (
        Program.objects.get(slug="career-compass").enrollments.filter(status="approved").count()
        == 2
    )
