"""Certificates as PDF, drawn with reportlab's platypus (like the analytics program report).
Pure: facts in, bytes out; no database access."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

BRAND = colors.HexColor("#24598f")
MUTED = colors.HexColor("#5b6576")
_styles = getSampleStyleSheet()
TITLE = ParagraphStyle(
    "cert-title",
    parent=_styles["Title"],
    alignment=TA_CENTER,
    textColor=BRAND,
    fontSize=30,
    leading=36,
)
NAME = ParagraphStyle(
    "cert-name", parent=_styles["Title"], alignment=TA_CENTER, fontSize=24, leading=30
)
BODY = ParagraphStyle(
    "cert-body", parent=_styles["BodyText"], alignment=TA_CENTER, fontSize=13, leading=18
)
SMALL = ParagraphStyle("cert-small", parent=BODY, fontSize=9, leading=12, textColor=MUTED)


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(text), style)


def _day(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "—"


def _hours(hours: Decimal) -> str:
    return f"{hours.normalize():f} hour" + ("" if hours == 1 else "s")


def _pdf(title: str, flowables: list) -> bytes:
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="Mentorpath",
    )
    doc.build(flowables)
    return buffer.getvalue()


@dataclass
class PairCertificate:
    program: str
    mentor: str
    mentee: str
    started: date | None
    ended: date | None
    checkins_held: int
    hours: Decimal
    issued: date


def pair_certificate(facts: PairCertificate) -> bytes:
    """A certificate of a completed mentorship, naming both people."""
    return _pdf(
        f"Certificate of mentorship: {facts.mentor} and {facts.mentee}",
        [
            _p("Certificate of Mentorship", TITLE),
            Spacer(1, 10 * mm),
            _p("This certifies that", BODY),
            Spacer(1, 3 * mm),
            _p(facts.mentee, NAME),
            _p("completed a mentorship with", BODY),
            Spacer(1, 3 * mm),
            _p(facts.mentor, NAME),
            _p(f"in the program {facts.program}", BODY),
            Spacer(1, 6 * mm),
            _p(f"From {_day(facts.started)} to {_day(facts.ended)}", BODY),
            _p(
                f"{facts.checkins_held} check-in{'' if facts.checkins_held == 1 else 's'} held, "
                f"{_hours(facts.hours)} of mentoring",
                BODY,
            ),
            Spacer(1, 12 * mm),
            _p(f"Issued on {_day(facts.issued)} by Mentorpath", SMALL),
        ],
    )


@dataclass
class HoursCertificate:
    name: str
    date_from: date | None
    date_to: date | None
    hours: Decimal
    pairs: int
    pairs_completed: int
    issued: date


def _period(facts: HoursCertificate) -> str:
    if facts.date_from and facts.date_to:
        return f"from {_day(facts.date_from)} to {_day(facts.date_to)}"
    if facts.date_from:
        return f"since {_day(facts.date_from)}"
    if facts.date_to:
        return f"up to {_day(facts.date_to)}"
    return "to date"


def hours_certificate(facts: HoursCertificate) -> bytes:
    """A certificate of a mentor's hours over a period."""
    return _pdf(
        f"Certificate of mentor hours: {facts.name}",
        [
            _p("Certificate of Mentor Hours", TITLE),
            Spacer(1, 10 * mm),
            _p("This certifies that", BODY),
            Spacer(1, 3 * mm),
            _p(facts.name, NAME),
            _p(f"gave {_hours(facts.hours)} of mentoring {_period(facts)}", BODY),
            _p(
                f"to {facts.pairs} mentee{'' if facts.pairs == 1 else 's'}, "
                f"{facts.pairs_completed} mentorship{'' if facts.pairs_completed == 1 else 's'} "
                "completed",
                BODY,
            ),
            Spacer(1, 12 * mm),
            _p(f"Issued on {_day(facts.issued)} by Mentorpath", SMALL),
        ],
    )
