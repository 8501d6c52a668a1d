from django.db import models


class ResourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    VIDEO = "video", "Video"
    COURSE = "course", "Course"
    BOOK = "book", "Book"
    TEMPLATE = "template", "Template"
    CHECKLIST = "checklist", "Checklist"
    INTERNAL = "internal", "Internal document"


class Audience(models.TextChoices):
    MENTOR = "mentor", "Mentors"
    MENTEE = "mentee", "Mentees"
    BOTH = "both", "Mentors and mentees"


class StepKind(models.TextChoices):
    RESOURCE = "resource", "Read, watch or do a resource"
    ACTIVITY = "activity", "Activity"


UPLOAD_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}
"""Uploadable file types by extension, with the content type a resource is served as."""

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
