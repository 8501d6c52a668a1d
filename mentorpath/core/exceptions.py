from django.core.exceptions import ValidationError


class ApplicationError(ValidationError):
    """A business rule refused the request; the message is shown to the person as is.

    It is a ValidationError so that forms and the API report it the same way:
    `message_dict` when raised with a dict of field errors, `messages` otherwise.
    """
