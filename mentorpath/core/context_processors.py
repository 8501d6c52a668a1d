from django.http import HttpRequest

from mentorpath.people.permissions import can_browse_people


def navigation(request: HttpRequest) -> dict[str, object]:
    """What the navigation shows depends on the roles of the person logged in."""
    user = request.user
    if not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "is_admin": user.is_org_admin,
            "is_executive": user.is_executive,
            "manages_programs": user.is_org_admin or user.managed_programs.exists(),
            "browses_people": can_browse_people(user),
            "has_profile": hasattr(user, "person"),
        }
    }
