"""Resource library services and queries: curating, protected deletion, bookmarks, ratings,
and search/filter combinations with exact result sets."""

import pytest

from mentorpath.core.exceptions import ApplicationError
from mentorpath.learning import queries, services
from mentorpath.learning.models import Bookmark, Resource, ResourceRating
from tests.factories import SkillFactory

pytestmark = pytest.mark.django_db


def link(by, title, **fields):
    fields.setdefault("kind", "article")
    fields.setdefault("url", f"https://example.com/{title.lower().replace(' ', '-')}")
    return services.resource_create(by=by, title=title, **fields)


def titles(resources):
    return [resource.title for resource in resources]


def test_resource_create_needs_a_link_or_a_file(admin_user):
    with pytest.raises(ApplicationError) as refused:
        services.resource_create(by=admin_user, title="Nothing", kind="article")

    assert refused.value.message_dict == {"url": ["Give a link or upload a file."]}
    assert Resource.objects.count() == 0


def test_resource_create_refuses_unknown_program_types_and_levels(admin_user):
    with pytest.raises(ApplicationError) as refused:
        link(admin_user, "Odd", program_types=["career", "space"], level=7)

    assert refused.value.message_dict == {
        "level": ["A level is from 1 to 5."],
        "program_types": ["Unknown program type: space."],
    }


def test_resource_update_cannot_leave_neither_link_nor_file(admin_user):
    resource = link(admin_user, "Article")

    with pytest.raises(ApplicationError):
        services.resource_update(resource=resource, url="")

    resource.refresh_from_db()
    assert resource.url == "https://example.com/article"


def test_resource_delete_is_refused_while_a_path_uses_it(admin_user):
    resource = link(admin_user, "Radical Candor")
    path = services.path_create(by=admin_user, title="Feedback basics")
    services.step_add(path=path, kind="resource", resource=resource)

    with pytest.raises(ApplicationError) as refused:
        services.resource_delete(resource=resource)

    assert refused.value.messages == [
        "This resource is a step of “Feedback basics”, so it cannot be deleted. "
        "Unpublish it instead, or remove it from those paths first."
    ]
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_resource_delete_without_paths_deletes_it(admin_user):
    resource = link(admin_user, "Old link")

    services.resource_delete(resource=resource)

    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_bookmark_set_twice_keeps_one_and_removing_twice_keeps_none(admin_user, mentee_user):
    resource = link(admin_user, "Article")
    person = mentee_user.person

    services.bookmark_set(person=person, resource=resource, on=True)
    services.bookmark_set(person=person, resource=resource, on=True)
    assert Bookmark.objects.filter(person=person).count() == 1

    services.bookmark_set(person=person, resource=resource, on=False)
    services.bookmark_set(person=person, resource=resource, on=False)
    assert Bookmark.objects.filter(person=person).count() == 0


def test_resource_rate_upserts_and_the_list_shows_average_and_count(
    admin_user, mentee_user, mentor_user
):
    resource = link(admin_user, "Article")
    services.resource_rate(person=mentee_user.person, resource=resource, rating=2)
    services.resource_rate(person=mentee_user.person, resource=resource, rating=5)
    services.resource_rate(person=mentor_user.person, resource=resource, rating=4)

    listed = queries.resource_list(user=mentee_user, person=mentee_user.person).get()

    assert ResourceRating.objects.count() == 2
    assert (listed.avg_rating, listed.rating_count, listed.my_rating) == (4.5, 2, 5)


@pytest.mark.parametrize("rating", [0, 6, True])
def test_resource_rate_refuses_out_of_range(admin_user, mentee_user, rating):
    resource = link(admin_user, "Article")

    with pytest.raises(ApplicationError) as refused:
        services.resource_rate(person=mentee_user.person, resource=resource, rating=rating)

    assert list(refused.value.message_dict) == ["rating"]
    assert ResourceRating.objects.count() == 0


@pytest.fixture
def catalog(admin_user):
    """Five resources with distinct kinds, skills, levels, audiences and program types."""
    python, sql = SkillFactory(name="Python"), SkillFactory(name="SQL")
    link(
        admin_user,
        "Clean Code",
        kind="book",
        skills=[python],
        level=3,
        audience="both",
        description="Writing readable functions.",
    )
    link(
        admin_user,
        "Mentoring 101",
        kind="course",
        audience="mentor",
        program_types=["career", "peer"],
        description="How to run a first session.",
    )
    link(
        admin_user,
        "SQL for analysts",
        kind="video",
        skills=[sql],
        level=2,
        audience="mentee",
        program_types=["early_talent"],
    )
    link(
        admin_user,
        "Python testing checklist",
        kind="checklist",
        skills=[python, sql],
        level=4,
        audience="mentee",
        program_types=["career"],
    )
    link(admin_user, "Draft notes", kind="internal", is_published=False)
    return {"python": python, "sql": sql}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Clean Code", "Mentoring 101", "Python testing checklist", "SQL for analysts"]),
        ({"search": "python"}, ["Python testing checklist"]),
        ({"search": "READABLE"}, ["Clean Code"]),
        ({"kind": "course"}, ["Mentoring 101"]),
        ({"skill": "python"}, ["Clean Code", "Python testing checklist"]),
        ({"skill": "sql", "level": 2}, ["SQL for analysts"]),
        ({"level": 3}, ["Clean Code", "Mentoring 101"]),
        ({"audience": "mentor"}, ["Clean Code", "Mentoring 101"]),
        ({"audience": "mentee"}, ["Clean Code", "Python testing checklist", "SQL for analysts"]),
        ({"audience": "both"}, ["Clean Code"]),
        ({"program_type": "career"}, ["Clean Code", "Mentoring 101", "Python testing checklist"]),
        ({"program_type": "early_talent"}, ["Clean Code", "SQL for analysts"]),
        (
            {"program_type": "career", "audience": "mentee", "skill": "sql"},
            ["Python testing checklist"],
        ),
        ({"search": "session", "kind": "book"}, []),
    ],
)
def test_resource_list_filters_combine(catalog, mentee_user, filters, expected):
    if "skill" in filters:
        filters = {**filters, "skill": catalog[filters["skill"]]}

    resources = queries.resource_list(user=mentee_user, person=mentee_user.person, **filters)

    assert titles(resources) == expected


def test_resource_list_shows_unpublished_to_curators_only(
    catalog, admin_user, manager_user, program, mentee_user
):
    for user in (admin_user, manager_user):
        assert "Draft notes" in titles(queries.resource_list(user=user, person=user.person))
    assert "Draft notes" not in titles(
        queries.resource_list(user=mentee_user, person=mentee_user.person)
    )


def test_resource_list_bookmarked_by_me_keeps_only_my_bookmarks(catalog, mentee_user, mentor_user):
    clean, sql = (
        Resource.objects.get(title="Clean Code"),
        Resource.objects.get(title="SQL for analysts"),
    )
    services.bookmark_set(person=mentee_user.person, resource=sql, on=True)
    services.bookmark_set(person=mentor_user.person, resource=clean, on=True)

    mine = queries.resource_list(user=mentee_user, person=mentee_user.person, bookmarked=True)
    with_kind = queries.resource_list(
        user=mentee_user, person=mentee_user.person, bookmarked=True, kind="book"
    )

    assert titles(mine) == ["SQL for analysts"]
    assert [r.is_bookmarked for r in mine] == [True]
    assert titles(with_kind) == []
