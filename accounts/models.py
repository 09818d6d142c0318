import hashlib
import hmac
import os
import secrets
import uuid
import zoneinfo
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache
from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core import units

INVITATION_LIFETIME = timedelta(days=7)
EMAIL_CHANGE_LIFETIME = timedelta(days=3)
UNCONFIRMED_LIFETIME = timedelta(days=7)  # `purge_unconfirmed` removes sign-ups never confirmed for this long
# The one home of the default equipment, per unit: a new account, a switch of unit with untouched
# settings, and the loading advice all read it from here.
DEFAULT_SETUP = {
    "lb": {
        "bar_weight": Decimal("45"),
        "plates": "45, 35, 25, 10, 5, 2.5",
        "cable_lightest": Decimal("5"),
        "cable_step": Decimal("5"),
        "dumbbell_lightest": Decimal("5"),
        "dumbbell_heaviest": Decimal("150"),
        "dumbbell_step": Decimal("5"),
        "dumbbells": "",
    },
    "kg": {
        "bar_weight": Decimal("20"),
        "plates": "25, 20, 15, 10, 5, 2.5, 1.25",
        "cable_lightest": Decimal("2.5"),
        "cable_step": Decimal("2.5"),
        "dumbbell_lightest": Decimal("2.5"),
        "dumbbell_heaviest": Decimal("70"),
        "dumbbell_step": Decimal("2.5"),
        "dumbbells": "",
    },
}
EQUIPMENT_FIELDS = tuple(DEFAULT_SETUP["lb"])
MAX_DUMBBELLS = 200  # a rack longer than this is a typo (a 0.25 step up to 150), and slows every suggestion
MAX_DUMBBELL = 500
MAX_CABLE_LIGHTEST = 500
DUMBBELL_RANGE_BACKWARDS = "The heaviest dumbbell must be at least the lightest."
DUMBBELL_RANGE_TOO_LONG = f"That makes more than {MAX_DUMBBELLS} dumbbells: use a bigger step, or list them."


def parse_weights(text: str) -> list[Decimal]:
    """ "45, 35,25" -> [45, 35, 25]: the stored form of a plate or dumbbell list (the form cleans what is typed)."""
    return [Decimal(part) for part in text.replace(" ", "").split(",") if part]


class Unit(models.TextChoices):
    """The weight units, for every model that stores one. The values live in `core.units`."""

    LB = units.LB, "lb"
    KG = units.KG, "kg"


UNIT_NAMES = {Unit.LB: "Pounds (lb)", Unit.KG: "Kilograms (kg)"}  # where a lifter picks their unit


@lru_cache(maxsize=1)
def time_zone_names() -> frozenset[str]:
    """The IANA names Python knows (read from disk once: the call costs tens of milliseconds)."""
    return frozenset(available_timezones())


# The areas of the IANA names that are places. The rest are legacy aliases ("US/Eastern", "Japan"), offsets
# with inverted signs ("Etc/GMT+5" is UTC-5) or not zones at all ("Factory", "localtime", "posixrules").
GEOGRAPHIC_AREAS = (
    "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific",
)  # fmt: skip


@lru_cache(maxsize=1)
def _zone_tab_names() -> frozenset[str] | None:
    """The zones of tzdata's zone.tab (one or more per country, current names only), if the system has it."""
    for directory in zoneinfo.TZPATH:
        try:
            with open(os.path.join(directory, "zone.tab"), encoding="ascii") as table:
                return frozenset(
                    line.split("\t")[2].strip() for line in table if line.strip() and not line.startswith("#")
                )
        except (OSError, IndexError, UnicodeDecodeError):
            continue
    return None


@lru_cache(maxsize=1)
def picker_time_zones() -> tuple[str, ...]:
    """The zones a person picks from, sorted: UTC, then the places. Where zone.tab is found it also drops the
    old names kept for compatibility inside the areas ("Asia/Calcutta", "Europe/Kiev")."""
    places = {name for name in time_zone_names() if name.split("/", 1)[0] in GEOGRAPHIC_AREAS and "/" in name}
    listed = _zone_tab_names()
    if listed:
        places &= listed
    return ("UTC", *sorted(places))


def new_version() -> str:
    """A version token (accounts.versions): random, so a restored database never meets pages of a newer one."""
    return uuid.uuid4().hex


def default_time_zone() -> str:
    return settings.TIME_ZONE


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError("Choose a time zone from the list.")


class UserQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        """Sign-ups whose e-mail address was never confirmed: they can't log in and hold no data."""
        return self.filter(confirmed_at__isnull=True, is_active=False)

    def holding_email(self, email: str):
        """Confirmed accounts using this address. Unconfirmed ones never block its owner."""
        return self.confirmed().filter(email__iexact=email)


class AccountManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """Scapula's user. Custom from the first migration so it never has to be swapped later.

    Everyone is an athlete; `is_coach` adds the coach pages.
    """

    display_name = models.CharField(max_length=60, blank=True)
    is_coach = models.BooleanField("I coach other lifters", default=False)
    unit = models.CharField(
        "preferred unit", max_length=2, choices=[(u.value, UNIT_NAMES[u]) for u in Unit], default=Unit.LB
    )
    bar_weight = models.DecimalField(
        "barbell weight",
        max_digits=6,
        decimal_places=2,
        default=DEFAULT_SETUP["lb"]["bar_weight"],
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    plates = models.CharField(
        "plates you have", max_length=200, default=DEFAULT_SETUP["lb"]["plates"], help_text="Comma-separated."
    )
    cable_lightest = models.DecimalField(
        "cable stack: lightest setting",
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_SETUP["lb"]["cable_lightest"],
        validators=[MinValueValidator(0), MaxValueValidator(MAX_CABLE_LIGHTEST)],
    )
    cable_step = models.DecimalField(
        "cable stack: step",
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_SETUP["lb"]["cable_step"],
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(50)],
    )
    dumbbell_lightest = models.DecimalField(
        "lightest dumbbell",
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_SETUP["lb"]["dumbbell_lightest"],
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(MAX_DUMBBELL)],
    )
    dumbbell_heaviest = models.DecimalField(
        "heaviest dumbbell",
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_SETUP["lb"]["dumbbell_heaviest"],
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(MAX_DUMBBELL)],
    )
    dumbbell_step = models.DecimalField(
        "dumbbell step",
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_SETUP["lb"]["dumbbell_step"],
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(50)],
    )
    # Blank: the evenly stepped rack above. Else the rack as it is ("5, 7.5, 10, 12.5, 15, 20, 25").
    dumbbells = models.CharField(
        "or list your dumbbells", max_length=300, blank=True, default=DEFAULT_SETUP["lb"]["dumbbells"]
    )
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="Sets your “today” and the times Scapula shows.",
    )
    # Set when the owner of the address confirms it. Accounts made any other way (admin, demo) count
    # as confirmed; only a sign-up starts without it.
    confirmed_at = models.DateTimeField(default=timezone.now, null=True, blank=True, editable=False)
    # Bumped at log-out and password change: every other session of this user stops being valid.
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    # What this person's cached pages were made under, and their workout cards' histories (accounts.versions):
    # a write service that changes what they see gives them new tokens in its own transaction.
    pages_version = models.CharField(max_length=32, default=new_version, editable=False)
    history_version = models.CharField(max_length=32, default=new_version, editable=False)

    objects = AccountManager()

    class Meta(AbstractUser.Meta):
        constraints = [
            # Only confirmed accounts hold an address: a stranger's unconfirmed sign-up never blocks its owner.
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email="") & Q(confirmed_at__isnull=False), name="user_email_unique_ci"
            ),
            models.CheckConstraint(
                condition=Q(is_active=False) | Q(confirmed_at__isnull=False), name="user_active_is_confirmed"
            ),
            models.CheckConstraint(condition=Q(bar_weight__gte=0) & Q(bar_weight__lte=100), name="user_bar_sane"),
            models.CheckConstraint(
                condition=Q(dumbbell_step__gt=0) & Q(dumbbell_step__lte=50), name="user_dumbbell_step_sane"
            ),
            models.CheckConstraint(
                condition=Q(cable_step__gt=0)
                & Q(cable_step__lte=50)
                & Q(cable_lightest__gte=0)
                & Q(cable_lightest__lte=MAX_CABLE_LIGHTEST),
                name="user_cable_stack_sane",
            ),
            models.CheckConstraint(
                condition=Q(dumbbell_lightest__gt=0)
                & Q(dumbbell_heaviest__gte=F("dumbbell_lightest"))
                & Q(dumbbell_heaviest__lte=MAX_DUMBBELL)
                & Q(dumbbell_heaviest__lte=F("dumbbell_lightest") + F("dumbbell_step") * (MAX_DUMBBELLS - 1)),
                name="user_dumbbell_rack_sane",
            ),
        ]

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    @property
    def plate_list(self) -> list[Decimal]:
        return parse_weights(self.plates)

    @property
    def dumbbell_list(self) -> list[Decimal]:
        """The dumbbells on the rack, lightest first: the listed ones, else the evenly stepped range."""
        if self.dumbbells.strip():
            return sorted(set(parse_weights(self.dumbbells)))
        count = int((self.dumbbell_heaviest - self.dumbbell_lightest) // self.dumbbell_step) + 1
        return [self.dumbbell_lightest + self.dumbbell_step * k for k in range(min(count, MAX_DUMBBELLS))]

    def clean(self):
        super().clean()
        # The same rules as the database constraints, said so a form can show them.
        lightest, heaviest, step = self.dumbbell_lightest, self.dumbbell_heaviest, self.dumbbell_step
        if None not in (lightest, heaviest, step) and all(v.is_finite() for v in (lightest, heaviest, step)):
            if heaviest < lightest:
                raise ValidationError({"dumbbell_heaviest": DUMBBELL_RANGE_BACKWARDS})
            if step > 0 and heaviest > lightest + step * (MAX_DUMBBELLS - 1):
                raise ValidationError({"dumbbell_step": DUMBBELL_RANGE_TOO_LONG})

    def _get_session_auth_hash(self, secret=None):
        key_salt = "accounts.User.session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


class CoachingLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class CoachingLink(models.Model):
    """A coach may see an athlete's plans and logs while the link is active (not ended)."""

    coach = models.ForeignKey(User, on_delete=models.CASCADE, related_name="athlete_links")
    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coach_links")
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = CoachingLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "athlete"], condition=Q(ended_at__isnull=True), name="one_active_link_per_pair"
            ),
            models.CheckConstraint(condition=~Q(coach=F("athlete")), name="coach_is_not_own_athlete"),
        ]
        indexes = [models.Index(fields=["athlete", "ended_at"]), models.Index(fields=["coach", "ended_at"])]

    def __str__(self):
        return f"{self.coach} coaches {self.athlete}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class HashedTokenQuerySet(models.QuerySet):
    """For models that keep only `token_hash`, the SHA-256 of a random token mailed or shown once."""

    def get_by_token(self, token: str):
        digest = hash_token(token)
        obj = self.get(token_hash=digest)
        # The lookup is by an index; compare again in constant time so no timing tells a near miss.
        if not hmac.compare_digest(obj.token_hash, digest):
            raise self.model.DoesNotExist
        return obj


class InvitationQuerySet(HashedTokenQuerySet):
    def pending(self):
        return self.filter(
            used_at__isnull=True, revoked_at__isnull=True, declined_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A single-use link a coach sends to an athlete. Only a hash of its token is stored."""

    TOKEN_BYTES = 32  # 43 URL-safe characters

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        REVOKED = "revoked", "Revoked"
        EXPIRED = "expired", "Expired"

    coach = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    label = models.CharField("who it is for", max_length=80, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="invitation_expires_after_created"
            ),
        ]

    def __str__(self):
        return f"Invitation from {self.coach} ({self.status})"

    @classmethod
    def new_token(cls) -> str:
        return secrets.token_urlsafe(cls.TOKEN_BYTES)

    @staticmethod
    def token_hash_of(token: str) -> str:
        return hash_token(token)

    @property
    def status(self) -> str:
        if self.used_at:
            return self.Status.ACCEPTED
        if self.declined_at:
            return self.Status.DECLINED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def clean(self):
        if self.expires_at and self.created_at and self.expires_at <= self.created_at:
            raise ValidationError("An invitation must expire after it is made.")


class EmailChangeQuerySet(HashedTokenQuerySet):
    def pending(self):
        return self.filter(expires_at__gt=timezone.now())


class EmailChange(models.Model):
    """A new address waiting for its owner to open the link mailed to it. The account keeps its old
    address until then. Only a hash of the token is stored; confirming deletes the row."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_changes")
    new_email = models.EmailField(max_length=254)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    TOKEN_BYTES = 32  # 43 URL-safe characters, like an invitation's

    objects = EmailChangeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user"], name="one_email_change_per_user"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="email_change_expires_after_created"
            ),
        ]

    def __str__(self):
        return f"{self.user} to {self.new_email}"

    @classmethod
    def new_token(cls) -> str:
        return secrets.token_urlsafe(cls.TOKEN_BYTES)


class MailRequest(models.Model):
    """One accepted request for mail to an address (sign-up, reset, confirmation again, e-mail change),
    kept for an hour so `accounts.mail.allow` can count them. The address is kept only as a keyed hash:
    counting needs equality, not the address itself."""

    address_hash = models.CharField(max_length=64)
    client = models.GenericIPAddressField(null=True, blank=True)
    kind = models.CharField(max_length=20)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["address_hash", "created_at"]),
            models.Index(fields=["client", "created_at"]),
        ]

    def __str__(self):
        return f"{self.kind} mail at {self.created_at:%Y-%m-%d %H:%M}"


# An account deletion with no progress for this long lost its worker (a batch takes well under a second):
# `resume_deletions` (each start of `run_worker`, and the daily purge_unconfirmed) hands it to a new task.
DELETION_STALLED_AFTER = timedelta(minutes=2)


class AccountDeletion(models.Model):
    """An account being deleted by the task worker (accounts.deletion.run), from the click to the last row.

    The account is unusable from the moment this row exists (the user is inactive, their links ended); the
    task then deletes their rows a batch at a time. It outlives the user (user_id is a number, not a foreign
    key), so the progress page can still say it is done; it keeps nothing else of them."""

    user_id = models.BigIntegerField(db_index=True)
    requested_at = models.DateTimeField(default=timezone.now)
    progress_at = models.DateTimeField(null=True, blank=True)  # the last batch deleted
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"deletion of user {self.user_id} ({'done' if self.finished_at else 'running'})"

    @property
    def last_sign_of_life(self):
        return self.progress_at or self.requested_at
