import datetime
import uuid

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms import inlineformset_factory, modelformset_factory
from django.utils import timezone

from accounts.forms import (
    DecimalInputField,
    IdInlineFormSet,
    IdModelChoiceField,
    IdModelFormSet,
    IdModelMultipleChoiceField,
)

from .models import ITEMS_MAX, MAX_WEEKS, SKIP_REASON_MAX, PlannedExercise, TemplateItem, WorkoutTemplate
from .selectors import ON_CONFLICT_ADD, ON_CONFLICT_REPLACE, ON_CONFLICT_SKIP
from .services import START_IN_PAST

WEEKDAYS = [(1, "Mon"), (2, "Tue"), (3, "Wed"), (4, "Thu"), (5, "Fri"), (6, "Sat"), (7, "Sun")]
START_TOO_EARLY = "Start no more than a week in the past."
START_TOO_LATE = "Start within the next year."
NO_WEEKDAYS = "Pick at least one training day."
NO_ATHLETES = "Pick at least one athlete."
ON_CONFLICT_CHOICES = [
    (ON_CONFLICT_SKIP, "Skip those dates"),
    (ON_CONFLICT_REPLACE, "Replace the sessions not started yet"),
    (ON_CONFLICT_ADD, "Add anyway"),
]

NUMBER = {"inputmode": "numeric", "class": "form-control"}
DECIMAL = {"inputmode": "decimal", "class": "form-control"}


def limits_from_model(form: forms.ModelForm) -> None:
    """Give each number box the min and max of its model field's validators, so the page offers the
    limits the model enforces and no template repeats a number (see workouts.models)."""
    for name, field in form.fields.items():
        if not isinstance(field.widget, forms.NumberInput):
            continue
        for validator in form._meta.model._meta.get_field(name).validators:
            if isinstance(validator, MinValueValidator):
                field.widget.attrs["min"] = max(validator.limit_value, field.widget.attrs.get("min", 0))
            elif isinstance(validator, MaxValueValidator):
                field.widget.attrs["max"] = validator.limit_value


class TemplateForm(forms.ModelForm):
    class Meta:
        model = WorkoutTemplate
        fields = ["name", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class TemplateItemForm(forms.ModelForm):
    class Meta:
        model = TemplateItem
        fields = [
            "sets",
            "rep_min",
            "rep_max",
            "rir_min",
            "rir_max",
            "rest_seconds",
            "increment",
            "decrement",
            "load_unit",
            "note",
        ]
        labels = {"rep_min": "Reps from", "rep_max": "Reps to", "rest_seconds": "Rest (s)"}
        widgets = {
            name: forms.NumberInput(attrs=NUMBER)
            for name in ("sets", "rep_min", "rep_max", "rir_min", "rir_max", "rest_seconds")
        } | {"increment": forms.TextInput(attrs=DECIMAL), "decrement": forms.TextInput(attrs=DECIMAL)}
        field_classes = {"increment": DecimalInputField, "decrement": DecimalInputField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits_from_model(self)


# absolute_max: a posted TOTAL_FORMS above it is refused instead of building (and rendering) that many forms.
TemplateItemFormSet = inlineformset_factory(
    WorkoutTemplate,
    TemplateItem,
    form=TemplateItemForm,
    formset=IdInlineFormSet,
    extra=0,
    can_delete=False,
    max_num=ITEMS_MAX,
    absolute_max=ITEMS_MAX,
    validate_max=True,
)


class AssignForm(forms.Form):
    athletes = IdModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, error_messages={"required": NO_ATHLETES}
    )
    alternate_with = IdModelChoiceField(
        queryset=None, required=False, label="Alternate with (A/B)", empty_label="No, every session the same"
    )
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Start on")
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple, label="Training days",
        error_messages={"required": NO_WEEKDAYS},
    )  # fmt: skip
    weeks = forms.IntegerField(min_value=1, max_value=MAX_WEEKS, initial=4, widget=forms.NumberInput(attrs=NUMBER))
    submission_id = forms.UUIDField(widget=forms.HiddenInput)
    # Shown next to the "in the past" error only (see clean); the preview carries it on as a hidden field.
    allow_past = forms.BooleanField(required=False, label="Yes, start in the past")
    # Asked on the preview, and only when some dates are already planned (the view checks that).
    on_conflict = forms.ChoiceField(
        choices=ON_CONFLICT_CHOICES, required=False, widget=forms.RadioSelect, label="On the dates already planned"
    )

    def __init__(self, *args, template, athletes, templates, viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.fields["athletes"].queryset = athletes
        self.fields["athletes"].label_from_instance = lambda user: (
            f"{user.public_name} (you)" if viewer is not None and user.pk == viewer.pk else user.public_name
        )
        self.fields["alternate_with"].queryset = templates.exclude(pk=template.pk)
        self.fields["start_date"].initial = timezone.localdate()
        self.fields["submission_id"].initial = uuid.uuid4()
        if athletes.count() == 1:
            self.fields["athletes"].initial = list(athletes)

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if start < today - datetime.timedelta(days=7):
            raise forms.ValidationError(START_TOO_EARLY)
        if start > today + datetime.timedelta(days=365):
            raise forms.ValidationError(START_TOO_LATE)
        return start

    def clean(self):
        data = super().clean()
        start = data.get("start_date")
        if start is not None and start < timezone.localdate() and not data.get("allow_past"):
            self.add_error("start_date", START_IN_PAST)
        return data

    @property
    def asks_about_the_past(self) -> bool:
        """Offer "Yes, start in the past" next to that error, and keep it ticked once ticked."""
        if not self.is_bound:
            return False
        return START_IN_PAST in self.errors.get("start_date", ()) or bool(self["allow_past"].value())


class PlannedExerciseForm(forms.ModelForm):
    """One exercise of one planned session: swap it for one of its alternatives, change sets or reps.

    The choices come precomputed (one query for the whole session), so the page's query count does
    not grow with the number of exercises.
    """

    exercise = forms.TypedChoiceField(coerce=int, label="Exercise")

    class Meta:
        model = PlannedExercise
        fields = ["sets", "rep_min", "rep_max", "rir_min", "rir_max", "note"]
        labels = {"rep_min": "Reps from", "rep_max": "Reps to"}
        widgets = {
            name: forms.NumberInput(attrs=NUMBER) for name in ("sets", "rep_min", "rep_max", "rir_min", "rir_max")
        }

    def __init__(self, *args, exercise_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        limits_from_model(self)
        self.fields["exercise"].choices = (exercise_choices or {}).get(self.instance.exercise_id, [])
        self.fields["exercise"].initial = self.instance.exercise_id

    def save(self, commit=True):
        self.instance.exercise_id = self.cleaned_data["exercise"]
        return super().save(commit=commit)


PlannedExerciseFormSet = modelformset_factory(
    PlannedExercise,
    form=PlannedExerciseForm,
    formset=IdModelFormSet,
    extra=0,
    max_num=ITEMS_MAX,
    absolute_max=ITEMS_MAX,
)


class MoveForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="New date")


class SkipForm(forms.Form):
    reason = forms.CharField(
        max_length=SKIP_REASON_MAX, required=False, label="Why (optional)", help_text="Your coach sees this."
    )
