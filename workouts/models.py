import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from accounts.models import Unit
from exercises.models import PRESCRIBED_REPS_MAX, Exercise

SETS_MAX = 10
RIR_MAX = 10  # reps in reserve, prescribed and logged alike
MAX_WEEKS = 26  # the longest assignment
REST_MAX_SECONDS = 900
ITEMS_MAX = 40  # exercises in one template or one planned session
REP_RANGE_INVERTED = "The bottom of the rep range can't be above the top."
RIR_RANGE_INVERTED = "The lower reps-in-reserve target can't be above the higher one."
STEPS_NEED_UNIT = "Give the load steps a unit (lb or kg), or leave both steps empty."


class Prescribed(models.Model):
    """What to do with one exercise: shared by template items and the planned sessions made from them."""

    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    sets = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1), MaxValueValidator(SETS_MAX)])
    rep_min = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(PRESCRIBED_REPS_MAX)]
    )
    rep_max = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(PRESCRIBED_REPS_MAX)]
    )
    rir_min = models.PositiveSmallIntegerField("RIR from", default=1, validators=[MaxValueValidator(RIR_MAX)])
    rir_max = models.PositiveSmallIntegerField("RIR to", default=2, validators=[MaxValueValidator(RIR_MAX)])
    rest_seconds = models.PositiveSmallIntegerField(
        "rest (seconds)", default=120, validators=[MaxValueValidator(REST_MAX_SECONDS)]
    )
    increment = models.DecimalField(
        "step up", max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0.25), MaxValueValidator(100)],
        help_text="Leave empty to use the exercise's own steps.",
    )  # fmt: skip
    decrement = models.DecimalField(
        "step down", max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0.25), MaxValueValidator(100)],
    )  # fmt: skip
    load_unit = models.CharField("unit of the steps", max_length=2, choices=Unit.choices, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    @classmethod
    def prescription_constraints(cls, prefix: str) -> list:
        return [
            models.CheckConstraint(condition=Q(sets__gte=1, sets__lte=SETS_MAX), name=f"{prefix}_sets_1_10"),
            models.CheckConstraint(
                condition=Q(rep_min__gte=1, rep_max__lte=PRESCRIBED_REPS_MAX, rep_min__lte=F("rep_max")),
                name=f"{prefix}_rep_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(rir_max__lte=RIR_MAX, rir_min__lte=F("rir_max")), name=f"{prefix}_rir_range_valid"
            ),
            models.CheckConstraint(condition=Q(rest_seconds__lte=REST_MAX_SECONDS), name=f"{prefix}_rest_sane"),
            models.CheckConstraint(
                condition=(Q(increment__isnull=True) | Q(increment__gt=0))
                & (Q(decrement__isnull=True) | Q(decrement__gt=0)),
                name=f"{prefix}_steps_positive",
            ),
        ]

    def clean(self):
        errors = {}
        if self.rep_min is not None and self.rep_max is not None and self.rep_min > self.rep_max:
            errors["rep_max"] = REP_RANGE_INVERTED
        if self.rir_min is not None and self.rir_max is not None and self.rir_min > self.rir_max:
            errors["rir_max"] = RIR_RANGE_INVERTED
        if (self.increment is not None or self.decrement is not None) and not self.load_unit:
            errors["load_unit"] = STEPS_NEED_UNIT
        if errors:
            raise ValidationError(errors)

    @property
    def rep_range(self) -> str:
        return f"{self.rep_min}-{self.rep_max}" if self.rep_min != self.rep_max else str(self.rep_min)

    @property
    def rir_range(self) -> str:
        return f"{self.rir_min}-{self.rir_max}" if self.rir_min != self.rir_max else str(self.rir_min)


class WorkoutTemplateQuerySet(models.QuerySet):
    def public(self):
        return self.filter(owner__isnull=True)


class WorkoutTemplate(models.Model):
    """A workout a coach (or a self-coached lifter) prescribes. Owner null: one of our public templates."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="workout_templates"
    )
    slug = models.SlugField(max_length=80, blank=True, help_text="Set for our public templates only.")
    name = models.CharField(max_length=100)
    notes = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkoutTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], condition=Q(owner__isnull=True), name="public_template_slug_once"),
        ]
        indexes = [models.Index(fields=["owner", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workouts:template-detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.owner_id is None


class TemplateItem(Prescribed):
    template = models.ForeignKey(WorkoutTemplate, on_delete=models.CASCADE, related_name="items")

    class Meta(Prescribed.Meta):
        constraints = Prescribed.prescription_constraints("template_item")

    def __str__(self):
        return f"{self.template}: {self.exercise_id}"


class Assignment(models.Model):
    """One press of "Assign": which templates, for whom, on which days. Its sessions are snapshots."""

    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submission_id = models.UUIDField(
        default=uuid.uuid4, help_text="From the rendered form: a resubmission stores once."
    )
    start_date = models.DateField()
    weekdays = models.CharField(max_length=20, help_text="Comma-separated ISO weekdays, 1 = Monday.")
    weeks = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKS)])
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the planner ends it: its sessions that had not started are removed then.
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["planned_by", "submission_id"], name="assignment_submitted_once"),
            models.CheckConstraint(condition=Q(weeks__gte=1, weeks__lte=MAX_WEEKS), name="assignment_weeks_1_26"),
        ]

    def __str__(self):
        return f"Assignment {self.submission_id} by {self.planned_by_id}"


class SessionState(models.TextChoices):
    """Where a planned session stands, as every page shows it (computed by workouts.selectors.with_state)."""

    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    PARTLY_DONE = "partly_done", "Partly done"
    SKIPPED = "skipped", "Skipped"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"


SKIP_REASON_MAX = 200


class PlannedSession(models.Model):
    athlete = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planned_sessions")
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    source_template = models.ForeignKey(
        WorkoutTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="planned_sessions"
    )
    date = models.DateField()
    name = models.CharField(max_length=100)
    notes = models.TextField(blank=True)
    # Set by the training log when the athlete starts the session; a started session is never re-planned.
    started_at = models.DateTimeField(null=True, blank=True)
    # The planner called it off: it leaves the athlete's plan and counts for nothing.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The athlete said they won't do it, and why.
    skipped_at = models.DateTimeField(null=True, blank=True)
    skip_reason = models.CharField(max_length=SKIP_REASON_MAX, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["athlete", "date"])]

    def __str__(self):
        return f"{self.name} on {self.date}"

    def get_absolute_url(self):
        return reverse("workouts:session-detail", args=[self.pk])


class PlannedExercise(Prescribed):
    session = models.ForeignKey(PlannedSession, on_delete=models.CASCADE, related_name="exercises")

    class Meta(Prescribed.Meta):
        constraints = Prescribed.prescription_constraints("planned_exercise")

    def __str__(self):
        return f"{self.session}: {self.exercise_id}"
