from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from mentorpath.people.models import Person, PersonSkill, Skill


def skill_search(
    *, query: str, limit: int = 10, exclude_person: Person | None = None
) -> list[Skill]:
    """Skills whose name or category matches, names starting with the query first."""
    query = query.strip()
    if not query:
        return []
    skills = Skill.objects.select_related("category").filter(
        Q(name__icontains=query) | Q(category__name__icontains=query)
    )
    if exclude_person is not None:
        skills = skills.exclude(holders__person=exclude_person)
    # Rank in SQL before slicing, so a prefix match is never cut off by earlier names.
    starts = Case(When(name__istartswith=query, then=Value(0)), default=Value(1))
    ranked = sorted(
        skills.order_by(starts, Lower("name"))[:limit],
        key=lambda s: (not s.name.lower().startswith(query.lower()), s.name.lower()),
    )
    return ranked


def person_skills(*, person: Person) -> QuerySet[PersonSkill]:
    return person.skills.select_related("skill__category").order_by("skill__name")


def management_chain_ids(*, person: Person) -> list[int]:
    """Ids of the person's managers, nearest first, up to the top of the hierarchy."""
    chain: list[int] = []
    seen = {person.pk}
    manager_id = person.manager_id
    while manager_id is not None and manager_id not in seen:
        chain.append(manager_id)
        seen.add(manager_id)
        manager_id = (
            Person.objects.filter(pk=manager_id).values_list("manager_id", flat=True).first()
        )
    return chain


def people_list(
    *,
    search: str = "",
    department_id: int | None = None,
    level: int | None = None,
    include_terminated: bool = False,
) -> QuerySet[Person]:
    people = Person.objects.select_related("department", "location", "manager", "user")
    if not include_terminated:
        people = people.filter(termination_date__isnull=True)
    if search:
        for word in search.split():
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(employee_id__iexact=word)
                | Q(title__icontains=word)
            )
    if department_id:
        people = people.filter(department_id=department_id)
    if level:
        people = people.filter(level=level)
    return people.annotate(report_count=Count("reports", distinct=True)).order_by(
        "last_name", "first_name", "pk"
    )


def skill_catalog() -> QuerySet[Skill]:
    """Every skill in the taxonomy with its category, by name."""
    return Skill.objects.select_related("category").order_by("name", "pk")
