from django.http import HttpRequest


def partial_or_page(request: HttpRequest, template: str, partial: str) -> str:
    """The named partial of `template` for an htmx request, else the whole page."""
    return f"{template}#{partial}" if getattr(request, "htmx", False) else template
