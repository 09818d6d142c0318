from django import forms
from django.db.models import QuerySet

from . import selectors
from .models import Exercise

SEARCH_MAX_LENGTH = 100
UNKNOWN_MUSCLE = "There is no muscle called “{value}” in the library, so that filter was ignored."
UNKNOWN_EQUIPMENT = "“{value}” is not a kind of equipment we list, so that filter was ignored."
BAD_SEARCH = "The search text was ignored: keep it under {limit} characters of plain text."


class ExerciseFilterForm(forms.Form):
    """The library's GET filters. Bad values are dropped with a note rather than refused."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "placeholder": "Name or muscle", "autocomplete": "off"}
        ),
    )
    muscle = forms.ChoiceField(label="Muscle", required=False, widget=forms.Select(attrs={"class": "form-select"}))
    equipment = forms.ChoiceField(
        label="Equipment",
        required=False,
        choices=[("", "Any equipment"), *Exercise.Equipment.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, muscles: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["muscle"].choices = [("", "Any muscle"), *muscles]

    def usable_filters(self) -> tuple[dict[str, str], list[str]]:
        """The filters that are valid, and a note for each one that was ignored."""
        self.is_valid()
        notes = []
        messages = {"muscle": UNKNOWN_MUSCLE, "equipment": UNKNOWN_EQUIPMENT, "q": BAD_SEARCH}
        for name in self.errors:
            raw = self.data.get(name, "")
            notes.append(messages[name].format(value=raw[:40], limit=SEARCH_MAX_LENGTH))
        filters = {name: "" if name in self.errors else self.cleaned_data.get(name) or "" for name in self.fields}
        return filters, notes


def picker(query) -> tuple[ExerciseFilterForm, list[str], QuerySet[Exercise]]:
    """The exercise picker of the template editor and the training log: search by name or muscle."""
    form = ExerciseFilterForm(query, muscles=selectors.muscle_choices())
    filters, notes = form.usable_filters()
    return form, notes, selectors.exercise_list(q=filters["q"], muscle=filters["muscle"])
