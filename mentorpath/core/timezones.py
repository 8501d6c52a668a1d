from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = ZoneInfo("UTC")


def zone_or_utc(name: str | None) -> ZoneInfo:
    """The named IANA zone, or UTC when the stored name is empty or not a zone (an import
    or an old row can hold one): a bad value must never take a page down."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC
