from typing import Any

from django import forms

from mentorpath.people.models import Person


class EraseForm(forms.Form):
    employee_id = forms.CharField(
        label="Type the employee id to confirm",
        max_length=40,
        help_text="This cannot be undone.",
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_employee_id(self) -> str:
        typed = self.cleaned_data["employee_id"].strip()
        if typed != self.person.employee_id:
            raise forms.ValidationError("This is not the person's employee id.")
        return typed
