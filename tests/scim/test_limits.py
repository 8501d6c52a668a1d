"""Numbers too big for the database: clamped paging, ids that name no one (never a 500)."""

import pytest

from mentorpath.scim.queries import MAX_ID, scim_id
from mentorpath.scim.schemas import MAX_START_INDEX
from tests.scim.conftest import ENTERPRISE, assert_scim_error, user_body

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (42, 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        (HUGE, None),
        ("-1", None),
        ("4x", None),
        ("²", None),  # a digit to str.isdigit, not to int()
        ("٣", None),  # an Arabic-Indic three
        ("", None),
    ],
)
def test_scim_id(value, expected):
    assert scim_id(value) == expected


def test_huge_start_index_is_clamped_to_an_empty_page(scim, people):
    response = scim.get("Users", startIndex=HUGE)

    assert response.status_code == 200, response.content
    page = response.json()
    assert (page["totalResults"], page["itemsPerPage"], page["Resources"]) == (4, 0, [])
    assert page["startIndex"] == MAX_START_INDEX


def test_start_index_of_thousands_of_digits_is_clamped(scim, people):
    response = scim.get("Users", startIndex="9" * 5000)
    assert (response.status_code, response.json()["itemsPerPage"]) == (200, 0)


@pytest.mark.parametrize("count", [HUGE, "9" * 5000])
def test_huge_count_is_capped(scim, people, count):
    response = scim.get("Users", count=count)

    assert response.status_code == 200, response.content
    assert response.json()["itemsPerPage"] == 4


@pytest.mark.parametrize("count", [f"-{HUGE}", "-5"])
def test_negative_count_gives_no_resources(scim, people, count):
    page = scim.get("Users", count=count).json()
    assert (page["totalResults"], page["Resources"]) == (4, [])


@pytest.mark.parametrize("value", ["1.5", "1e3", "ten", "0x10"])
def test_start_index_that_is_not_a_whole_number_is_400(scim, people, value):
    assert_scim_error(scim.get("Users", startIndex=value), 400, "invalidValue")


def ids_found(scim, text):
    response = scim.get("Users", filter=text)
    assert response.status_code == 200, response.content
    return {resource["id"] for resource in response.json()["Resources"]}


@pytest.mark.parametrize(
    "text",
    [
        f'id eq "{HUGE}"',
        f"id eq {HUGE}",
        f'{ENTERPRISE}:manager eq "{HUGE}"',
        f'{ENTERPRISE}:manager.value eq "{HUGE}"',
        f'id eq "{MAX_ID + 1}"',
    ],
)
def test_filter_eq_huge_id_matches_nothing(scim, people, text):
    assert ids_found(scim, text) == set()


@pytest.mark.parametrize(
    "text", [f'id ne "{HUGE}"', f'{ENTERPRISE}:manager ne "{HUGE}"', f"not (id eq {HUGE})"]
)
def test_filter_ne_huge_id_matches_everyone(scim, people, text):
    assert ids_found(scim, text) == set(people.values())


@pytest.mark.parametrize("pk", [HUGE, str(MAX_ID + 1), "9" * 5000])
def test_get_put_patch_delete_of_huge_id_are_404(scim, pk):
    assert_scim_error(scim.get(f"Users/{pk}"), 404)
    assert_scim_error(scim.put(f"Users/{pk}", user_body("a@example.com", "A", "B")), 404)
    assert_scim_error(scim.patch(f"Users/{pk}", {}), 404)
    assert_scim_error(scim.delete(f"Users/{pk}"), 404)


def test_create_with_huge_manager_id_is_400(scim):
    body = user_body("a@example.com", "A", "B", manager={"value": HUGE})
    assert_scim_error(scim.post("Users", body), 400, "invalidValue")
