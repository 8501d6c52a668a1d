"""sortBy and sortOrder (RFC 7644 §3.4.2.3): text without case, no value last when ascending
and first when descending, ties by id."""

import pytest

from tests.scim.conftest import ENTERPRISE, assert_scim_error


def order(scim, people, **params):
    response = scim.get("Users", **params)
    assert response.status_code == 200, response.content
    names = {v: k for k, v in people.items()}
    return [names[r["id"]] for r in response.json()["Resources"]]


# A: bjensen, Barbara Jensen, Tour Guide, 701984, Tour Operations, modified in 2011
# B: jomalley, Jane O'Malley, (no title), 701985, Sales, inactive
# C: Jim.Beam, Jim Beam, Driver, 9, no department
# D: dana, Dana Scully, (no title), 42, no department
@pytest.mark.parametrize(
    ("sort_by", "expected"),
    [
        ("userName", ["A", "D", "C", "B"]),
        ("USERNAME", ["A", "D", "C", "B"]),
        ("name.familyName", ["C", "A", "B", "D"]),
        ("name.givenName", ["A", "D", "B", "C"]),
        ("displayName", ["A", "D", "B", "C"]),
        ("emails.value", ["A", "D", "C", "B"]),
        ("emails", ["A", "D", "C", "B"]),
        ("title", ["C", "A", "B", "D"]),  # no title last, then by id
        (f"{ENTERPRISE}:employeeNumber", ["D", "A", "B", "C"]),  # text, not numbers
        ("employeeNumber", ["D", "A", "B", "C"]),
        (f"{ENTERPRISE}:department", ["B", "A", "C", "D"]),
        ("meta.lastModified", ["A", "B", "C", "D"]),
        ("meta.created", ["A", "B", "C", "D"]),
        ("active", ["B", "A", "C", "D"]),
        ("nickName", ["A", "B", "C", "D"]),  # not kept: no one has it, so by id
    ],
)
def test_sort_ascending(scim, people, sort_by, expected):
    assert order(scim, people, sortBy=sort_by) == expected
    assert order(scim, people, sortBy=sort_by, sortOrder="ascending") == expected


@pytest.mark.parametrize(
    ("sort_by", "expected"),
    [
        ("userName", ["B", "C", "D", "A"]),
        ("title", ["B", "D", "A", "C"]),  # no title first, then by id
        ("meta.created", ["D", "C", "B", "A"]),
    ],
)
def test_sort_descending(scim, people, sort_by, expected):
    assert order(scim, people, sortBy=sort_by, sortOrder="DESCENDING") == expected


def test_sort_with_filter_and_paging(scim, people):
    assert order(scim, people, sortBy="userName", filter="active eq true", count=2) == ["A", "D"]
    assert order(scim, people, sortBy="userName", startIndex=3) == ["C", "B"]


def test_sort_order_without_sort_by_is_by_id(scim, people):
    assert order(scim, people, sortOrder="descending") == ["A", "B", "C", "D"]


@pytest.mark.parametrize(
    "params",
    [
        {"sortBy": "favouriteColour"},
        {"sortBy": "urn:example:Thing:x"},
        {"sortBy": 'emails[type eq "work"]'},
        {"sortBy": "userName", "sortOrder": "sideways"},
    ],
)
def test_bad_sort_is_400_invalid_value(scim, people, params):
    assert_scim_error(scim.get("Users", **params), 400, "invalidValue")


def test_discovery_says_sort_is_supported(scim):
    assert scim.get("ServiceProviderConfig").json()["sort"] == {"supported": True}
