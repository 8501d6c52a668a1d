from django import forms

from mentorpath.mentoring.enums import EndReason


class EndForm(forms.Form):
    reason = forms.ChoiceField(choices=EndReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
