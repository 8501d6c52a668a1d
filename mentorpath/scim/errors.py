from mentorpath.core.exceptions import ApplicationError


class ScimError(ApplicationError):
    """A refused SCIM request, answered as an RFC 7644 §3.12 error body.

    `scim_type` is one of RFC 7644's detail error keywords (invalidFilter, invalidPath,
    invalidValue, invalidSyntax, noTarget, uniqueness, mutability, ...) or None.
    """

    def __init__(self, detail: str, *, status: int = 400, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.scim_type = scim_type


def invalid_filter(detail: str) -> ScimError:
    return ScimError(detail, scim_type="invalidFilter")


def invalid_path(detail: str) -> ScimError:
    return ScimError(detail, scim_type="invalidPath")


def invalid_value(detail: str) -> ScimError:
    return ScimError(detail, scim_type="invalidValue")
