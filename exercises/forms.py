import uuid
from decimal import Decimal

from django import forms

from accounts.forms import DecimalInputField
from accounts.models import Unit, User

from . import selectors
from .models import NAME_MAX_LENGTH, PRESCRIBED_REPS_MAX, REP_RANGE_ORDER, Exercise, ExerciseMuscle, Muscle
from .services import CustomExercise

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


def picker(query, *, viewer: User) -> tuple[ExerciseFilterForm, list[str], list[Exercise]]:
    """The exercise picker of the template editor and the training log: search by name or muscle.
    Our library first, then the custom exercises the viewer may use (selectors.custom_exercises_visible_to)."""
    form = ExerciseFilterForm(query, muscles=selectors.muscle_choices())
    filters, notes = form.usable_filters()
    library = selectors.exercise_list(q=filters["q"], muscle=filters["muscle"])
    custom = selectors.pickable_custom_exercises(viewer, q=filters["q"], muscle=filters["muscle"])
    return form, notes, [*library, *custom]


STEPS_MAX = 20
STEP_MAX_LENGTH = 300
NOTES_MAX_LENGTH = 2000
LOAD_STEP_MIN, LOAD_STEP_MAX = Decimal("0.25"), Decimal("100")
TOO_MANY_STEPS = f"Keep it to {STEPS_MAX} steps of up to {STEP_MAX_LENGTH} characters each."
NOT_WORKED = ""
MUSCLE_ROLES = [(NOT_WORKED, "Not worked"), *ExerciseMuscle.Role.choices]


def _number(**attrs):
    return forms.NumberInput(attrs={"inputmode": "decimal", **attrs})


class CustomExerciseForm(forms.Form):
    """An exercise of the user's own. Muscles are one choice per muscle of the library: not worked,
    primary or secondary."""

    name = forms.CharField(max_length=NAME_MAX_LENGTH, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    equipment = forms.ChoiceField(choices=Exercise.Equipment.choices)
    is_unilateral = forms.BooleanField(label="One arm at a time (logged per side)", required=False)
    rep_min = forms.IntegerField(label="Reps from", min_value=1, max_value=PRESCRIBED_REPS_MAX, initial=8)
    rep_max = forms.IntegerField(label="Reps to", min_value=1, max_value=PRESCRIBED_REPS_MAX, initial=12)
    unit = forms.ChoiceField(label="Unit of the steps", choices=Unit.choices)
    step_up = DecimalInputField(
        label="Step up",
        min_value=LOAD_STEP_MIN,
        max_value=LOAD_STEP_MAX,
        max_digits=5,
        decimal_places=2,
        help_text="Added when a set reaches the top of the rep range.",
        widget=_number(step="0.25"),
    )
    step_down = DecimalInputField(
        label="Step down",
        min_value=LOAD_STEP_MIN,
        max_value=LOAD_STEP_MAX,
        max_digits=5,
        decimal_places=2,
        help_text="Taken off when a set falls below the range.",
        widget=_number(step="0.25"),
    )
    steps = forms.CharField(
        label="How to do it",
        required=False,
        max_length=STEPS_MAX * (STEP_MAX_LENGTH + 2),
        help_text="Optional. One step per line.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    notes = forms.CharField(
        required=False, max_length=NOTES_MAX_LENGTH, help_text="Optional.", widget=forms.Textarea(attrs={"rows": 3})
    )
    # One per rendered form, so a double tap on Save stores one exercise.
    submission_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, muscles: list[Muscle], unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_id", uuid.uuid4())
        self.muscles = muscles
        for muscle in muscles:
            self.fields[self.muscle_field(muscle)] = forms.ChoiceField(
                label=muscle.name,
                choices=MUSCLE_ROLES,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        if not self.is_bound and "step_up" not in self.initial:
            default_step = "2.5" if unit == Unit.KG else "5"
            self.initial.update(unit=unit, step_up=default_step, step_down=default_step)

    @staticmethod
    def muscle_field(muscle: Muscle) -> str:
        return f"muscle_{muscle.slug}"

    def muscle_fields(self):
        return [self[self.muscle_field(muscle)] for muscle in self.muscles]

    @classmethod
    def initial_for(cls, exercise: Exercise, unit: str) -> dict:
        """What the edit page starts from: the exercise as stored, its steps in the viewer's unit."""
        return {
            "name": exercise.name,
            "equipment": exercise.equipment,
            "is_unilateral": exercise.is_unilateral,
            "rep_min": exercise.rep_min,
            "rep_max": exercise.rep_max,
            "unit": unit,
            "step_up": getattr(exercise, f"increment_{unit}").normalize(),
            "step_down": getattr(exercise, f"decrement_{unit}").normalize(),
            "steps": "\n".join(step.text for step in exercise.steps.all()),
            "notes": exercise.notes,
            **{cls.muscle_field(role.muscle): role.role for role in exercise.roles},
        }

    def clean_steps(self):
        lines = [line.strip() for line in self.cleaned_data["steps"].splitlines() if line.strip()]
        if len(lines) > STEPS_MAX or any(len(line) > STEP_MAX_LENGTH for line in lines):
            raise forms.ValidationError(TOO_MANY_STEPS)
        return lines

    def clean(self):
        data = super().clean()
        rep_min, rep_max = data.get("rep_min"), data.get("rep_max")
        if rep_min is not None and rep_max is not None and rep_min > rep_max:
            self.add_error("rep_max", REP_RANGE_ORDER)
        return data

    def custom_exercise(self) -> CustomExercise:
        data = self.cleaned_data
        muscles = [
            (muscle, data[self.muscle_field(muscle)]) for muscle in self.muscles if data[self.muscle_field(muscle)]
        ]
        return CustomExercise(
            name=data["name"],
            equipment=data["equipment"],
            is_unilateral=data["is_unilateral"],
            muscles=muscles,
            rep_min=data["rep_min"],
            rep_max=data["rep_max"],
            unit=data["unit"],
            step_up=data["step_up"],
            step_down=data["step_down"],
            steps=data["steps"],
            notes=data["notes"],
        )
