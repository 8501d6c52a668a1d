"""POST /Users/.search (RFC 7644 §3.4.3): GET /Users's parameters in a SearchRequest body."""

import pytest

from tests.scim.conftest import ENTERPRISE, LIST, assert_scim_error

SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"


def search(scim, path="Users/.search", **members):
    return scim.post(path, {"schemas": [SEARCH], **members})


def test_search_with_filter_attributes_and_paging(scim, people):
    response = search(
        scim,
        filter='userName co "example"',
        attributes=["userName", "name.familyName"],
        startIndex=2,
        count=1,
    )

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/scim+json"
    body = response.json()
    assert body["schemas"] == [LIST]
    assert (body["totalResults"], body["startIndex"], body["itemsPerPage"]) == (3, 2, 1)
    resource = body["Resources"][0]
    assert resource["id"] == sorted([people["A"], people["B"], people["C"]], key=int)[1]
    assert set(resource) == {"schemas", "id", "meta", "userName", "name"}


def test_search_gives_what_get_gives(scim, people):
    text = f'{ENTERPRISE}:department pr or title eq "Driver"'
    by_get = scim.get("Users", filter=text).json()
    by_post = search(scim, filter=text).json()
    assert by_post == by_get


def test_search_without_members_lists_everyone(scim, people):
    body = search(scim).json()
    assert body["totalResults"] == 4


def test_search_at_the_root_searches_users(scim, people):
    body = search(scim, path="/scim/v2/.search", excludedAttributes=["emails"]).json()
    assert body["totalResults"] == 4
    assert all("emails" not in resource for resource in body["Resources"])


def test_search_sorts(scim, people):
    body = search(scim, sortBy="name.familyName", sortOrder="descending").json()
    assert [r["id"] for r in body["Resources"]] == [people[k] for k in ("D", "B", "A", "C")]


@pytest.mark.parametrize(
    ("body", "scim_type"),
    [
        ({"filter": 'userName eq "x"'}, "invalidSyntax"),  # no schemas
        ({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}, "invalidSyntax"),
        ([SEARCH], "invalidSyntax"),
        ({"schemas": [SEARCH], "filter": "userName eq"}, "invalidFilter"),
        ({"schemas": [SEARCH], "filter": 3}, "invalidValue"),
        ({"schemas": [SEARCH], "count": "many"}, "invalidValue"),
        ({"schemas": [SEARCH], "count": True}, "invalidValue"),
        ({"schemas": [SEARCH], "attributes": "userName"}, "invalidValue"),
        (
            {"schemas": [SEARCH], "attributes": ["userName"], "excludedAttributes": ["title"]},
            "invalidSyntax",
        ),
        ({"schemas": [SEARCH], "sortBy": "favouriteColour"}, "invalidValue"),
    ],
)
def test_bad_search_is_400(scim, people, body, scim_type):
    assert_scim_error(scim.post("Users/.search", body), 400, scim_type)


def test_search_with_huge_numbers_is_clamped(scim, people):
    body = search(scim, startIndex=10**30, count=10**30).json()
    assert (body["totalResults"], body["itemsPerPage"]) == (4, 0)
    assert search(scim, count=10**30).json()["itemsPerPage"] == 4


def test_get_on_search_is_405(scim):
    assert_scim_error(scim.get("Users/.search"), 405)


def test_search_needs_a_token(db):
    from tests.scim.conftest import ScimClient

    response = ScimClient(None).post("Users/.search", {"schemas": [SEARCH]})
    assert_scim_error(response, 401)
