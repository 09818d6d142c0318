from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UsernameField
from django.core import validators
from django.forms.models import BaseInlineFormSet, BaseModelFormSet

from core.parse import parse_decimal, parse_id

from . import services
from .models import (
    DEFAULT_SETUP,
    EQUIPMENT_FIELDS,
    MAX_DUMBBELL,
    MAX_DUMBBELLS,
    AccountDeletion,
    Invitation,
    User,
    picker_time_zones,
    time_zone_names,
)
from .throttling import client_ip

USERNAME_TAKEN = "That username is taken. Try another one."
PASSWORDS_DIFFER = "The two passwords don't match."
BAD_PLATES = "List your plates as numbers separated by commas, for example 45, 25, 10, 5, 2.5."
BAD_DUMBBELLS = (
    "List your dumbbells as numbers separated by commas, for example 5, 7.5, 10, 12.5, 15, 20, "
    "or leave this empty to use the range above."
)
NOT_A_NUMBER = "Enter a number, like 45 or 2.5."
EQUIPMENT_NUMBERS = (
    "bar_weight",
    "cable_lightest",
    "cable_step",
    "dumbbell_lightest",
    "dumbbell_heaviest",
    "dumbbell_step",
)
NOT_CONFIRMED = "Confirm your e-mail address first: we sent you a link when you signed up."
BEING_DELETED = "This account is being deleted at its owner's request, so it can't be used to log in."


# Fields for untrusted input, used by every app's forms: ids and decimals go through core.parse.


class IdModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that looks up only real ids (see `parse_id`); anything else is an invalid choice."""

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None and not isinstance(value, self.queryset.model):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that looks up only real ids: Django's own passes 2**63 to `pk__in`,
    which neither SQLite nor PostgreSQL can hold."""

    def clean(self, value):
        for item in value if isinstance(value, list | tuple) else ():
            if parse_id(item) is None and not isinstance(item, self.queryset.model):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(item)[:20]}
                )
        return super().clean(value)


class _IdFormSetMixin:
    """Model formsets whose hidden id field is an IdModelChoiceField."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self.model._meta.pk.name
        field = form.fields.get(name)
        if type(field) is forms.ModelChoiceField:
            form.fields[name] = IdModelChoiceField(
                field.queryset, initial=field.initial, required=False, widget=field.widget
            )


class IdModelFormSet(_IdFormSetMixin, BaseModelFormSet):
    pass


class IdInlineFormSet(_IdFormSetMixin, BaseInlineFormSet):
    pass


class DecimalInputField(forms.DecimalField):
    """A DecimalField that reads numbers as typed on a phone ("2,5") through `parse_decimal`, so NaN,
    sNaN and Infinity are refused before anything else uses them."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_decimal(str(value))
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def time_zone_choices(current: str = "") -> list:
    """UTC, then the places grouped by area (a select's optgroups). A saved zone outside the list (an old
    name a browser sent at sign-up, like "Asia/Calcutta") comes first, so saving settings never moves anyone."""
    zones = picker_time_zones()
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in zones:
        if "/" in name:
            groups.setdefault(name.split("/", 1)[0], []).append((name, name.replace("_", " ")))
    extra = [current] if current and current not in zones and current in time_zone_names() else []
    top = [(name, name.replace("_", " ")) for name in [*extra, *(zone for zone in zones if "/" not in zone)]]
    return [*top, *groups.items()]


class SignUpForm(forms.Form):
    """Not a ModelForm on purpose: it must never say whether an e-mail address already has an account."""

    username = UsernameField(max_length=150, help_text="Letters, digits and @ . + - _ only.")
    email = forms.EmailField(label="E-mail", max_length=254)
    display_name = forms.CharField(label="Name shown to your coach", max_length=60, required=False)
    password1 = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="Password again", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    is_coach = forms.BooleanField(label="I coach other lifters", required=False)
    # Filled in by static/js/timezone.js from the browser; changeable later in settings.
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.extend(User._meta.get_field("username").validators)

    def clean_time_zone(self):
        """Hidden and filled by a script: anything unknown falls back to the site's zone, never an error."""
        value = self.cleaned_data["time_zone"]
        return value if value in time_zone_names() else settings.TIME_ZONE

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(USERNAME_TAKEN)
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif password1:
            probe = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username and password don't match an account. Both are case-sensitive.",
        "not_confirmed": NOT_CONFIRMED,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length after the field is built, so nothing enforces it: a
        # 10,000-character name would reach authenticate() and django-axes' 255-character column.
        username = self.fields["username"]
        username.validators.append(validators.MaxLengthValidator(username.max_length))

    def confirm_login_allowed(self, user):
        if not user.is_active and user.confirmed_at is None:
            raise forms.ValidationError(self.error_messages["not_confirmed"], code="inactive")
        if not user.is_active and AccountDeletion.objects.filter(user_id=user.pk).exists():
            raise forms.ValidationError(BEING_DELETED, code="inactive")
        super().confirm_login_allowed(user)


class ConfirmationAgainForm(forms.Form):
    email = forms.EmailField(label="E-mail you signed up with", max_length=254)


class BackgroundPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail goes out from the task worker (accounts.mail says why): `save` only
    queues it, the same work for a registered address as for an unknown one."""

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        services.request_password_reset(
            email=self.cleaned_data["email"],
            domain=domain_override or request.get_host(),
            use_https=use_https,
            client=client_ip(request) if request is not None else None,
        )


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(label="New e-mail", max_length=254)
    password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="We mail a link to the new address. Your address stays the same until you open it.",
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(label="I understand this can't be undone.")


class SettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label="Time zone", choices=time_zone_choices)

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "unit", *EQUIPMENT_FIELDS, "is_coach"]
        labels = {"display_name": "Name shown to your coach"}
        help_texts = {
            "bar_weight": "In your preferred unit.",
            "plates": (
                "The plates you have, in your preferred unit, separated by commas. "
                "Also used on one sleeve for a landmine, Meadows row or T-bar row."
            ),
            "cable_lightest": "The lightest setting of your cable stack, in your preferred unit.",
            "cable_step": "How much each pin hole adds on your cable stack.",
            "dumbbell_lightest": "Your dumbbell rack, in your preferred unit: lightest, heaviest and the step between.",
            "dumbbell_step": "The jump between your dumbbells.",
            "dumbbells": "Uneven rack? List every weight, separated by commas. Empty: the range above.",
            "is_coach": "Adds the coach pages: invite athletes, plan their training, follow their logs.",
        }
        widgets = {name: forms.TextInput(attrs={"inputmode": "decimal"}) for name in EQUIPMENT_NUMBERS} | {
            "dumbbells": forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "5, 7.5, 10, 12.5, 15, 20"}),
        }
        field_classes = {name: DecimalInputField for name in EQUIPMENT_NUMBERS}
        error_messages = {name: {"invalid": NOT_A_NUMBER} for name in EQUIPMENT_NUMBERS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].help_text = User._meta.get_field("time_zone").help_text
        self.fields["time_zone"].choices = time_zone_choices(self.instance.time_zone)
        for name in EQUIPMENT_NUMBERS:
            self.fields[name].localize = False
            self.fields[name].error_messages["invalid"] = NOT_A_NUMBER
            if isinstance(value := self.initial.get(name), Decimal):
                self.initial[name] = f"{value.normalize():f}"  # "2.5", not "2.50"; "150", not "150.00"

    def clean_plates(self):
        plates = _weights(self.cleaned_data["plates"], most=12, heaviest=100, error=BAD_PLATES)
        if not plates:
            raise forms.ValidationError(BAD_PLATES)
        return ", ".join(f"{plate.normalize():f}" for plate in reversed(plates))

    def clean_dumbbells(self):
        rack = _weights(self.cleaned_data["dumbbells"], most=MAX_DUMBBELLS, heaviest=MAX_DUMBBELL, error=BAD_DUMBBELLS)
        return ", ".join(f"{weight.normalize():f}" for weight in rack)

    def clean(self):
        cleaned = super().clean()
        old_unit, new_unit = self.initial.get("unit"), cleaned.get("unit")
        if old_unit and new_unit and old_unit != new_unit:
            # Someone who never touched the defaults gets the other unit's defaults, not 45 kg bars.
            old, new = DEFAULT_SETUP[old_unit], DEFAULT_SETUP[new_unit]
            for name in EQUIPMENT_FIELDS:
                if _same(cleaned.get(name), self.initial.get(name)) and _same(self.initial.get(name), old[name]):
                    cleaned[name] = new[name]
        return cleaned


def _weights(text: str, *, most: int, heaviest: int, error: str) -> list[Decimal]:
    """Typed weights ("2.5; 45,45 , 10") as distinct numbers, lightest first; two decimals at most.
    NaN, sNaN and infinities are refused before anything compares or hashes them."""
    # Commas separate weights here, so only a point marks decimals ("2.5", not "2,5").
    typed = [parse_decimal(part.strip().replace(" ", "")) for part in text.replace(";", ",").split(",") if part.strip()]
    if None in typed or not all(0 < w <= heaviest and w == round(w, 2) for w in typed):
        raise forms.ValidationError(error)
    weights = sorted(set(typed))
    if len(weights) > most:
        raise forms.ValidationError(error)
    return weights


def _same(value, default) -> bool:
    try:
        return Decimal(str(value)) == Decimal(str(default))
    except InvalidOperation:
        return str(value).replace(" ", "") == str(default).replace(" ", "")


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["label"]
        labels = {"label": "Who is it for? (optional, only you see this)"}
