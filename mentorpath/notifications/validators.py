import unicodedata

from django.utils.http import url_has_allowed_host_and_scheme


def is_site_path(url: str) -> bool:
    """True for a path on this site ("/mentorships/4/"); False for anything that could leave
    it: absolute URLs, protocol-relative "//host", "/\\host" (which browsers read as "//host"),
    or control characters and whitespace."""
    if not url.startswith("/") or url.startswith("//"):
        return False
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in url):
        return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts=set())
