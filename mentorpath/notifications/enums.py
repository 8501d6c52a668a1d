from django.db import models


class NotificationKind(models.TextChoices):
    """What a notification is about; people choose email and in-app delivery per kind."""

    CHECKIN_INVITE = "checkin_invite", "Check-in invitations and changes"
    CHECKIN_REMINDER = "checkin_reminder", "Check-in reminders"
    PAIR_NUDGE = "pair_nudge", "Nudges when a pair has not met"
    MILESTONE_DUE = "milestone_due", "Milestones coming due"
    AWAITING_ANSWER = "awaiting_answer", "Requests and invitations waiting for your answer"
    MENTORSHIP_UPDATE = "mentorship_update", "Mentorship started, paused or ended"
    GOAL_UPDATE = "goal_update", "Goal progress and comments"
    PROGRAM_UPDATE = "program_update", "Program news from your program team"
    SURVEY = "survey", "Surveys, check-in pulses and skill ratings to give"
    PROGRAM_DIGEST = "program_digest", "Weekly digest of the programs you manage"
    ANNOUNCEMENT = "announcement", "Announcements from your programs and the organization"
    LEARNING = "learning", "Resources your mentor assigns you"
    RECOGNITION = "recognition", "Badges and kudos you receive"
