"""GET /Users: filters (each operator, the RFC's examples) and pagination."""

import pytest

from tests.scim.conftest import ENTERPRISE, LIST, assert_scim_error, fixture


def found(scim, people, text):
    response = scim.get("Users", filter=text)
    assert response.status_code == 200, response.content
    names = {v: k for k, v in people.items()}
    return sorted(names[r["id"]] for r in response.json()["Resources"])


# The expected users for each example of rfc7644_filters.json, in order.
RFC_EXPECTED = [
    [], ["B"], ["B", "C"], ["B", "C"], ["A", "C"], ["B", "C", "D"], ["B", "C", "D"], ["A"], ["A"],
    [], ["A", "C"], ["A", "B", "C", "D"], [], ["D"], [], [], ["A", "C"],
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    list(zip(fixture("rfc7644_filters.json")["filters"], RFC_EXPECTED, strict=True)),
)
def test_rfc_filter_examples(scim, people, text, expected):
    """userType and ims are not stored, so they hold no value for anyone."""
    assert found(scim, people, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('userName eq "BJENSEN@example.com"', ["A"]),
        ('userName ne "bjensen@example.com"', ["B", "C", "D"]),
        ('userName co "MALLEY"', ["B"]),
        ('userName sw "d"', ["D"]),
        ('userName ew "example.org"', ["B"]),
        ("title pr", ["A", "C"]),
        (f'{ENTERPRISE}:employeeNumber gt "701984"', ["B", "C"]),
        (f'{ENTERPRISE}:employeeNumber ge "701984"', ["A", "B", "C"]),
        (f'{ENTERPRISE}:employeeNumber lt "701984"', ["D"]),
        (f'{ENTERPRISE}:employeeNumber le "701984"', ["A", "D"]),
        ('meta.lastModified gt "2011-06-01T00:00:00Z"', ["B", "C", "D"]),
        ('meta.lastModified le "2011-01-01T00:00:00Z"', ["A"]),
        ('meta.created lt "2012-01-01T00:00:00+00:00"', ["A"]),
        ('externalId eq "ext-c"', ["C"]),
        ('externalId eq "EXT-C"', []),
        ("externalId pr", ["C"]),
        ("active eq false", ["B"]),
        ("active ne false", ["A", "C", "D"]),
        ('name.givenName eq "jim"', ["C"]),
        ('name.familyName sw "s"', ["D"]),
        ('emails.value ew "@corp.test"', ["D"]),
        ('emails[value co "jensen"]', ["A"]),
        ('emails[type eq "home"]', []),
        (f'{ENTERPRISE}:department eq "sales"', ["B"]),
        (f"{ENTERPRISE}:department pr", ["A", "B"]),
        ('employeeNumber eq "42"', ["D"]),
        ('displayName eq "Dana Scully"', ["D"]),
        ('title eq "Driver" or (active eq false and name.familyName co "malley")', ["B", "C"]),
        ("not (title pr) and not (active eq false)", ["D"]),
        ('userName sw "j" AND NOT (userName ew ".org")', ["C"]),
    ],
)
def test_filter_operators(scim, people, text, expected):
    assert found(scim, people, text) == expected


def test_filter_on_manager(scim, people):
    text = f'{ENTERPRISE}:manager.value eq "{people["A"]}"'
    assert found(scim, people, text) == ["B"]
    assert found(scim, people, f'{ENTERPRISE}:manager eq "{people["B"]}"') == []


@pytest.mark.parametrize(
    "text",
    [
        "userName eq",
        'userName xx "x"',
        '(userName eq "x"',
        'favouriteColour eq "red"',
        "active gt true",
        'active eq "maybe"',
        'meta.lastModified gt "yesterday"',
        'meta.lastModified co "2011"',
        'urn:example:params:Thing:attr eq "x"',
        'title[value eq "x"]',
        "userName eq true",
        f'{ENTERPRISE}:manager.value gt "3"',
    ],
)
def test_invalid_filter_is_400_invalid_filter(scim, people, text):
    assert_scim_error(scim.get("Users", filter=text), 400, "invalidFilter")


def test_pagination(scim, people):
    ids = sorted(people.values(), key=int)

    page = scim.get("Users", startIndex=2, count=2).json()

    assert page["schemas"] == [LIST]
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (4, 2, 2)
    assert [r["id"] for r in page["Resources"]] == ids[1:3]
    last = scim.get("Users", startIndex=4, count=2).json()
    assert (last["itemsPerPage"], [r["id"] for r in last["Resources"]]) == (1, ids[3:])
    beyond = scim.get("Users", startIndex=10).json()
    assert (beyond["totalResults"], beyond["itemsPerPage"], beyond["Resources"]) == (4, 0, [])


def test_pagination_defaults_and_bounds(scim, people):
    everything = scim.get("Users").json()
    assert (everything["startIndex"], everything["itemsPerPage"], everything["totalResults"]) == (
        1,
        4,
        4,
    )
    count_only = scim.get("Users", count=0).json()
    assert (count_only["totalResults"], count_only["Resources"]) == (4, [])
    assert scim.get("Users", startIndex=0, count=1).json()["startIndex"] == 1
    assert scim.get("Users", count=-3).json()["itemsPerPage"] == 0
    assert_scim_error(scim.get("Users", count="many"), 400, "invalidValue")


def test_pagination_with_filter(scim, people):
    page = scim.get("Users", filter='userName co "example"', startIndex=2, count=1).json()
    assert (page["totalResults"], page["itemsPerPage"]) == (3, 1)
    assert page["Resources"][0]["id"] == sorted([people["A"], people["B"], people["C"]], key=int)[1]


def test_count_is_capped_at_max_results(scim, people, monkeypatch):
    from mentorpath.scim import views

    assert views.MAX_RESULTS == 200
    assert scim.get("Users", count=100000).json()["itemsPerPage"] == 4
    monkeypatch.setattr(views, "MAX_RESULTS", 3)
    page = scim.get("Users", count=100000).json()
    assert (page["itemsPerPage"], page["totalResults"]) == (3, 4)
