"""The filter and path parser, on RFC 7644's own examples and on broken input."""

import pytest

from mentorpath.scim.errors import ScimError
from mentorpath.scim.filters import (
    And,
    AttrPath,
    Compare,
    Not,
    Or,
    PatchPath,
    Present,
    ValuePath,
    matches,
    parse_filter,
    parse_path,
)
from mentorpath.scim.schemas import CORE_USER, ENTERPRISE_USER
from tests.scim.conftest import fixture

RFC_FILTERS = fixture("rfc7644_filters.json")["filters"]


@pytest.mark.parametrize("text", RFC_FILTERS)
def test_every_rfc_filter_example_parses(text):
    assert parse_filter(text) is not None


def test_parse_filter_comparison_with_schema_prefix():
    assert parse_filter(f'{CORE_USER}:userName sw "J"') == Compare(
        AttrPath(CORE_USER, "userName"), "sw", "J"
    )


def test_parse_filter_precedence_not_and_or():
    node = parse_filter(
        'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")'
    )
    assert node == And(
        Compare(AttrPath(None, "userType"), "ne", "Employee"),
        Not(
            Or(
                Compare(AttrPath(None, "emails"), "co", "example.com"),
                Compare(AttrPath(None, "emails", "value"), "co", "example.org"),
            )
        ),
    )


def test_parse_filter_and_binds_tighter_than_or():
    node = parse_filter('title pr or userName eq "a" and active eq true')
    assert node == Or(
        Present(AttrPath(None, "title")),
        And(
            Compare(AttrPath(None, "userName"), "eq", "a"),
            Compare(AttrPath(None, "active"), "eq", True),
        ),
    )


def test_parse_filter_value_path():
    node = parse_filter('emails[type eq "work" and value co "@example.com"]')
    assert node == ValuePath(
        AttrPath(None, "emails"),
        And(
            Compare(AttrPath(None, "type"), "eq", "work"),
            Compare(AttrPath(None, "value"), "co", "@example.com"),
        ),
    )


def test_parse_filter_keywords_are_case_insensitive():
    assert parse_filter('userName EQ "x" AND title PR') == And(
        Compare(AttrPath(None, "userName"), "eq", "x"), Present(AttrPath(None, "title"))
    )


def test_parse_filter_enterprise_attribute_and_values():
    assert parse_filter(f'{ENTERPRISE_USER}:manager.value eq "12"') == Compare(
        AttrPath(ENTERPRISE_USER, "manager", "value"), "eq", "12"
    )
    assert parse_filter("active eq false").value is False
    assert parse_filter("x eq null").value is None
    assert parse_filter("x gt 12.5").value == 12.5
    assert parse_filter(r'x eq "say \"hi\""').value == 'say "hi"'


@pytest.mark.parametrize(
    "text",
    [
        "",
        "userName",
        "userName eq",
        'userName xx "a"',
        '(userName eq "a"',
        'userName eq "a")',
        'userName eq "a" garbage',
        'emails[value eq "x"',
        'userName eq "unterminated',
        "userName eq bjensen",
        'not userName eq "a"',
        'userName eq "a" and',
        "title pr or or",
        '"userName" eq "a"',
    ],
)
def test_parse_filter_refuses_bad_filters_as_invalid_filter(text):
    with pytest.raises(ScimError) as caught:
        parse_filter(text)
    assert caught.value.scim_type == "invalidFilter"
    assert caught.value.status == 400


def test_every_rfc_path_example_parses():
    parsed = [parse_path(text) for text in fixture("rfc7644_patch.json")["paths"]]
    member = Compare(AttrPath(None, "value"), "eq", "2819c223-7f76-453a-919d-413861904646")
    assert parsed == [
        PatchPath(AttrPath(None, "members")),
        PatchPath(AttrPath(None, "name", "familyName")),
        PatchPath(AttrPath(None, "addresses"), Compare(AttrPath(None, "type"), "eq", "work")),
        PatchPath(AttrPath(None, "members"), member),
        PatchPath(AttrPath(None, "members"), member, "displayName"),
    ]


def test_parse_path_enterprise_urn_forms():
    assert parse_path(f"{ENTERPRISE_USER}:department") == PatchPath(
        AttrPath(ENTERPRISE_USER, "department")
    )
    assert parse_path(ENTERPRISE_USER) == PatchPath(AttrPath(ENTERPRISE_USER, None))
    assert parse_path('emails[type eq "work"].value') == PatchPath(
        AttrPath(None, "emails"), Compare(AttrPath(None, "type"), "eq", "work"), "value"
    )


@pytest.mark.parametrize(
    "text", ["", "emails[type eq", "name..x", "emails]", 'emails[type eq "work"] extra', "a.b.c"]
)
def test_parse_path_refuses_bad_paths_as_invalid_path(text):
    with pytest.raises(ScimError) as caught:
        parse_path(text)
    assert caught.value.scim_type == "invalidPath"


def test_matches_value_filter_without_case():
    node = parse_filter('type eq "WORK" and value ew "example.com"')
    assert matches(node, {"type": "work", "value": "b@Example.com"}) is True
    assert matches(node, {"type": "home", "value": "b@example.com"}) is False
    assert matches(parse_filter("primary pr"), {"value": "x"}) is False
