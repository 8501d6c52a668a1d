"""The account rules of an SSO login, on claims as the client hands them over once verified
(the end-to-end tests cover the same rules through the real provider)."""

import pytest

from mentorpath.accounts.models import User
from mentorpath.core.exceptions import ApplicationError
from mentorpath.sso.models import SsoIdentity
from mentorpath.sso.services import sso_user_for_claims
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
ISSUER = "https://login.example.com"


def claims(**extra):
    return {"iss": ISSUER, "sub": "sub-1", "email": "ada@example.com", **extra}


@pytest.mark.parametrize("verified", [False, "false", "False"])
def test_email_verified_false_is_refused_in_any_spelling(verified):
    with pytest.raises(ApplicationError, match="not verified"):
        sso_user_for_claims(issuer=ISSUER, claims=claims(email_verified=verified))
    assert not User.objects.exists()


@pytest.mark.parametrize("verified", [True, "true"])
def test_email_verified_true_is_accepted(verified):
    user = sso_user_for_claims(issuer=ISSUER, claims=claims(email_verified=verified))
    assert user.email == "ada@example.com"


@pytest.mark.parametrize("email", [None, "", "not-an-address"])
def test_a_login_without_an_email_is_refused_for_an_unknown_subject(email):
    with pytest.raises(ApplicationError, match="did not send an email address"):
        sso_user_for_claims(issuer=ISSUER, claims=claims(email=email))


def test_a_login_without_a_subject_is_refused():
    with pytest.raises(ApplicationError, match="no subject"):
        sso_user_for_claims(issuer=ISSUER, claims=claims(sub=""))


def test_a_known_subject_needs_no_email():
    user = sso_user_for_claims(issuer=ISSUER, claims=claims())
    assert sso_user_for_claims(issuer=ISSUER, claims=claims(email=None)) == user


def test_the_same_subject_at_another_issuer_is_another_identity():
    user = sso_user_for_claims(issuer=ISSUER, claims=claims())
    again = sso_user_for_claims(issuer="https://other.example.com", claims=claims())
    assert again == user  # matched by email, then linked at the second issuer too
    assert SsoIdentity.objects.filter(user=user).count() == 2


def test_a_person_imported_after_the_first_login_is_linked_at_the_next():
    user = sso_user_for_claims(issuer=ISSUER, claims=claims(name="Ada Lovelace"))
    person = PersonFactory(email="ADA@example.com")

    sso_user_for_claims(issuer=ISSUER, claims=claims())

    person.refresh_from_db()
    assert person.user == user


def test_given_and_family_names_make_the_name_when_there_is_no_name_claim():
    user = sso_user_for_claims(
        issuer=ISSUER, claims=claims(given_name="Ada", family_name="Lovelace")
    )
    assert user.full_name == "Ada Lovelace"


def test_the_stored_email_is_lower_case_and_matches_existing_users_case_insensitively():
    existing = UserFactory(email="ada@example.com")
    assert sso_user_for_claims(issuer=ISSUER, claims=claims(email=" Ada@Example.com ")) == existing
