import uuid
from decimal import Decimal

from django import forms

from accounts.models import Unit
from core.parse import parse_decimal
from workouts.models import RIR_MAX

from .models import COMMENT_MAX, LOGGED_REPS_MAX, MAX_WEIGHT, OVERRIDE_NOTE_MAX, TOO_HEAVY

WEIGHT_NOT_A_NUMBER = "Enter the weight as a number, like 102.5."
WEIGHT_NEGATIVE = "The weight can't be negative."
WEIGHT_TOO_PRECISE = "Use at most two decimals."
REPS_RANGE = f"Reps go from 0 to {LOGGED_REPS_MAX}."
RIR_MISSING = "How many more good reps did you have? Tap a number (0 = failure)."
RIR_RANGE = f"Reps in reserve go from 0 to {RIR_MAX}."
NO_REPS_IS_FAILURE = "No reps means the set went to failure: tap 0."


class WeightField(forms.CharField):
    """A weight as typed on a phone: "102,5" is as good as "102.5"."""

    def __init__(self, *args, unit: str = "lb", **kwargs):
        self.unit = unit
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        weight = parse_decimal(super().clean(value))  # None for NaN, Infinity and anything else not a number
        if weight is None:
            raise forms.ValidationError(WEIGHT_NOT_A_NUMBER)
        if weight < 0:
            raise forms.ValidationError(WEIGHT_NEGATIVE)
        if weight > MAX_WEIGHT[self.unit]:
            raise forms.ValidationError(TOO_HEAVY.format(limit=MAX_WEIGHT[self.unit], unit=self.unit))
        if weight != weight.quantize(Decimal("0.01")):
            raise forms.ValidationError(WEIGHT_TOO_PRECISE)
        return weight


def _reps(label="Reps"):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=LOGGED_REPS_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),  # min and max come from the limits above
        error_messages={"min_value": REPS_RANGE, "max_value": REPS_RANGE, "invalid": REPS_RANGE},
    )


def _rir(label="Reps in reserve"):
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[(n, str(n)) for n in range(RIR_MAX + 1)],
        widget=forms.RadioSelect,
        error_messages={"required": RIR_MISSING, "invalid_choice": RIR_RANGE},
    )


def _warmup():
    return forms.BooleanField(label="Warm-up", required=False)


def _no_reps_is_failure(form, pairs) -> None:
    """A set with no reps was taken to failure, so its RIR is 0 (the progression rules refuse anything else)."""
    for reps_name, rir_name in pairs:
        reps, rir = form.cleaned_data.get(reps_name), form.cleaned_data.get(rir_name)
        if reps == 0 and rir:
            form.add_error(rir_name, NO_REPS_IS_FAILURE)


SIDES = [("reps", "rir"), ("reps_left", "rir_left"), ("reps_right", "rir_right")]


class SetForm(forms.Form):
    """One set. Each rendered form carries a fresh client id, so resubmitting it stores the set once.
    A warm-up is logged like any set and marked, so nothing downstream counts it."""

    weight = WeightField(label="Weight")
    reps = _reps()
    rir = _rir()
    is_warmup = _warmup()
    client_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, unit: str = "lb", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["weight"].unit = unit
        self.fields["weight"].label = f"Weight ({unit})"
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())

    def clean(self):
        cleaned = super().clean()
        _no_reps_is_failure(self, SIDES)
        return cleaned


class OneArmSetForm(SetForm):
    """One-arm exercises: reps and reps in reserve for each side."""

    reps = None
    rir = None
    reps_left = _reps("Left reps")
    rir_left = _rir("Left RIR")
    reps_right = _reps("Right reps")
    rir_right = _rir("Right RIR")


class SetEditForm(forms.Form):
    weight = WeightField(label="Weight")
    reps = _reps()
    rir = _rir()
    is_warmup = _warmup()

    def __init__(self, *args, unit: str, one_arm: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight"].unit = unit
        self.fields["weight"].label = f"Weight ({unit})"
        if one_arm:
            del self.fields["reps"], self.fields["rir"]
            self.fields |= {
                "reps_left": _reps("Left reps"),
                "rir_left": _rir("Left RIR"),
                "reps_right": _reps("Right reps"),
                "rir_right": _rir("Right RIR"),
            }
            self.order_fields([name for name in self.fields if name != "is_warmup"] + ["is_warmup"])

    def clean(self):
        cleaned = super().clean()
        _no_reps_is_failure(self, SIDES)
        return cleaned


class NoteForm(forms.Form):
    note = forms.CharField(max_length=200, required=False, widget=forms.TextInput(attrs={"placeholder": "Note"}))


class CommentForm(forms.Form):
    """One comment; each rendered form carries a fresh client id, so a double submit stores it once."""

    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write something first.", "max_length": f"Keep it under {COMMENT_MAX} characters."},
    )
    client_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())


class OverrideForm(forms.Form):
    """The coach's next weight (and reps) for one exercise of one athlete."""

    exercise = forms.TypedChoiceField(
        label="Exercise", coerce=int, error_messages={"invalid_choice": "Pick an exercise from the list."}
    )
    weight = WeightField(label="Weight", unit="lb")
    unit = forms.ChoiceField(label="Unit", choices=Unit.choices)
    reps = forms.IntegerField(
        label="Reps (optional)",
        required=False,
        min_value=1,
        max_value=LOGGED_REPS_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": f"Reps go from 1 to {LOGGED_REPS_MAX}.",
            "max_value": f"Reps go from 1 to {LOGGED_REPS_MAX}.",
            "invalid": f"Reps go from 1 to {LOGGED_REPS_MAX}.",
        },
    )
    note = forms.CharField(
        label="Note for the athlete (optional)",
        max_length=OVERRIDE_NOTE_MAX,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "e.g. Hold the pause at the chest"}),
    )

    def __init__(self, *args, exercises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exercise"].choices = [("", "Choose an exercise")] + [(e.pk, e.name) for e in exercises]

    def clean(self):
        cleaned = super().clean()
        weight, unit = cleaned.get("weight"), cleaned.get("unit")
        if weight is not None and unit in MAX_WEIGHT and weight > MAX_WEIGHT[unit]:
            self.add_error("weight", TOO_HEAVY.format(limit=MAX_WEIGHT[unit], unit=unit))
        return cleaned
