"""Starting texts per program type: the agreement, goal templates and check-in agendas.

Program managers adapt the agreement per program; goals and agendas are offered as starting
points the pair edits, never imposed."""

from dataclasses import dataclass

from mentorpath.programs.enums import CheckinCadence, ProgramType

RHYTHM_DAYS = {
    CheckinCadence.WEEKLY: 7,
    CheckinCadence.BIWEEKLY: 14,
    CheckinCadence.MONTHLY: 28,
}


@dataclass(frozen=True)
class GoalTemplate:
    title: str
    description: str
    measure: str


AGREEMENT = {
    "expectations": (
        "The mentee leads: they bring goals and questions to each check-in and follow up on "
        "what they agreed to try. The mentor listens, shares experience, asks questions and "
        "gives honest feedback; they do not do the mentee's work. Both come prepared and on "
        "time, and say early when they cannot make a check-in."
    ),
    "meeting_rhythm": (
        "We meet at the rhythm below for about 45 minutes, in person or by video. Whoever "
        "cannot make a check-in moves it rather than dropping it."
    ),
    "confidentiality": (
        "What we discuss stays between us unless we both agree to share it. Shared notes are "
        "visible to the two of us and to the program team, who use them to support us; "
        "private notes are seen by their author alone, never by anyone else."
    ),
    "how_to_end": (
        "Either of us may end the mentorship at any time, without blame, by telling the other "
        "and recording it in Mentorpath with a reason. A mismatch is nobody's fault: the "
        "program team will offer a new match."
    ),
}

_CONFIDENTIAL_LEADERSHIP = (
    "Succession and career plans we discuss are confidential and are never shared with "
    "line managers without the mentee's consent."
)

GOALS: dict[str, list[GoalTemplate]] = {
    ProgramType.CAREER: [
        GoalTemplate(
            "Map my next career step",
            "Identify the role I want in two years and the gaps between it and today.",
            "A written development plan reviewed with my mentor",
        ),
        GoalTemplate(
            "Build a skill for my next role",
            "Practise one skill my target role needs in a real piece of work.",
            "Feedback from two colleagues on the work",
        ),
    ],
    ProgramType.EARLY_TALENT: [
        GoalTemplate(
            "Understand how the organization works",
            "Learn who does what in my area and how decisions are made.",
            "Meet five people outside my team and summarise what they do",
        ),
        GoalTemplate(
            "Deliver my first project",
            "Own a small project from start to finish.",
            "The project is delivered and reviewed by my manager",
        ),
    ],
    ProgramType.MANAGER: [
        GoalTemplate(
            "Run effective one-to-ones",
            "Hold regular one-to-ones with each report that they find useful.",
            "Every report rates their one-to-ones 4/5 or better",
        ),
        GoalTemplate(
            "Give difficult feedback well",
            "Prepare and deliver one piece of difficult feedback with a clear follow-up.",
            "Feedback delivered and the follow-up agreed in writing",
        ),
    ],
    ProgramType.LEADERSHIP: [
        GoalTemplate(
            "Lead a cross-team project",
            "Lead a project that needs at least two other teams to deliver.",
            "The project meets its agreed outcome and stakeholders' feedback is positive",
        ),
        GoalTemplate(
            "Build strategic visibility",
            "Present a proposal to the senior leadership team.",
            "The proposal is presented and a decision is taken",
        ),
    ],
    ProgramType.REVERSE: [
        GoalTemplate(
            "Learn a new way of working",
            "Understand a tool, practice or perspective my mentor uses every day.",
            "I use it in my own work for a month",
        ),
    ],
}
_GENERIC_GOALS = [
    GoalTemplate(
        "Grow a skill",
        "Name one skill to develop and practise it in real work.",
        "Self-rating raised by one level, confirmed by my mentor",
    ),
]

AGENDA: dict[str, str] = {
    "first": (
        "1. Introductions: background, what each of us hopes from this mentorship\n"
        "2. Read the agreement together; confirm the rhythm\n"
        "3. First ideas for goals\n"
        "4. Next steps and date of the next check-in"
    ),
    ProgramType.LEADERSHIP: (
        "1. Progress since last time on goals and milestones\n"
        "2. A leadership situation from the past weeks: what happened, what I learned\n"
        "3. Stakeholders and visibility\n"
        "4. Commitments until the next check-in"
    ),
    ProgramType.MANAGER: (
        "1. Progress since last time\n"
        "2. A people situation to think through together\n"
        "3. Practice: a conversation I have coming up\n"
        "4. Commitments until the next check-in"
    ),
    ProgramType.EARLY_TALENT: (
        "1. How the past weeks went\n"
        "2. Something I did not understand or found hard\n"
        "3. People I should meet\n"
        "4. Commitments until the next check-in"
    ),
}
_GENERIC_AGENDA = (
    "1. Progress since last time on goals and milestones\n"
    "2. The topic I want to discuss today\n"
    "3. Feedback and ideas\n"
    "4. Commitments until the next check-in"
)


def agreement_sections(program_type: str) -> dict[str, str]:
    sections = dict(AGREEMENT)
    if program_type == ProgramType.LEADERSHIP:
        sections["confidentiality"] += " " + _CONFIDENTIAL_LEADERSHIP
    return sections


def goal_templates(program_type: str) -> list[GoalTemplate]:
    return GOALS.get(program_type, []) + _GENERIC_GOALS


def agenda_template(program_type: str, *, first: bool) -> str:
    if first:
        return AGENDA["first"]
    return AGENDA.get(program_type, _GENERIC_AGENDA)


def rhythm_days(cadence: str) -> int:
    return RHYTHM_DAYS.get(cadence, 14)
