"""Conditional requests on a user (RFC 7644 §3.14, RFC 9110 §13): If-Match, If-None-Match.

Versions are weak ETags (`W/"…"`), so tags are compared weakly: the same opaque tag matches
whether either side is marked weak or not; `*` matches any current version.
"""


def _opaque(tag: str) -> str:
    tag = tag.strip()
    if tag[:2].lower() == "w/":
        tag = tag[2:].strip()
    return tag.strip('"')


def etag_matches(header: str, version: str) -> bool:
    """Whether an If-Match / If-None-Match header's list of tags names `version`."""
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    if "*" in tags:
        return True
    current = _opaque(version)
    return any(_opaque(tag) == current for tag in tags)
