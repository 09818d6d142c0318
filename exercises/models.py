from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

# The top of any prescribed rep range: an exercise's own, a template's, a planned session's.
# (Logged reps have their own, higher limit: training_log.models.LOGGED_REPS_MAX.)
PRESCRIBED_REPS_MAX = 50
NAME_MAX_LENGTH = 100
CUSTOM_SLUG_PREFIX = "custom-"
DUPLICATE_NAME = "You already have an exercise with this name."
REP_RANGE_ORDER = "The top of the rep range must be at least the bottom."


class Muscle(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=80)
    location = models.TextField(help_text="Where it sits.")
    function = models.TextField(help_text="What it does.")
    why_it_matters = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exercises:muscle-detail", args=[self.slug])


class Exercise(models.Model):
    class Equipment(models.TextChoices):
        BARBELL = "barbell", "Barbell"
        DUMBBELL = "dumbbell", "Dumbbell"
        CABLE = "cable", "Cable"
        MACHINE = "machine", "Machine"
        # Body weight plus whatever is added on a belt; the logged weight is the added weight (0 for none).
        BODYWEIGHT = "bodyweight", "Bodyweight"

    class Pattern(models.TextChoices):
        HINGE = "hinge", "Hinge"
        ROW = "row", "Row"
        UPRIGHT_PULL = "upright-pull", "Upright pull"
        RAISE = "raise", "Raise"
        VERTICAL_PULL = "vertical-pull", "Vertical pull"
        SHRUG = "shrug", "Shrug"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    # Our library fills summary, why and pattern; a custom exercise may leave them empty.
    summary = models.CharField(max_length=140, blank=True)
    why = models.TextField("why it earns its place", blank=True)
    equipment = models.CharField(max_length=20, choices=Equipment.choices)
    pattern = models.CharField(max_length=20, choices=Pattern.choices, blank=True)
    setup = models.TextField("set-up", blank=True)
    is_unilateral = models.BooleanField(
        "one arm at a time", default=False, help_text="Logged per side; the weaker side sets the next weight."
    )
    cues = models.TextField(blank=True, help_text="One coaching cue per line.")
    mistakes = models.TextField(blank=True, help_text="One common mistake per line.")
    rep_min = models.PositiveSmallIntegerField(default=6)
    rep_max = models.PositiveSmallIntegerField(default=10)
    increment_lb = models.DecimalField(max_digits=5, decimal_places=2, default=5)
    decrement_lb = models.DecimalField(max_digits=5, decimal_places=2, default=5)
    increment_kg = models.DecimalField(max_digits=5, decimal_places=2, default="2.5")
    decrement_kg = models.DecimalField(max_digits=5, decimal_places=2, default="2.5")
    muscles = models.ManyToManyField(Muscle, through="ExerciseMuscle", related_name="exercises")
    alternatives = models.ManyToManyField("self", symmetrical=False, blank=True)
    # The source's thirteen lifts are the core; additions round out upper-back training around them.
    is_addition = models.BooleanField(
        "addition", default=False, help_text="Added to round out the core thirteen lifts of the library."
    )
    # Null for our library; set for exercises a user adds, which the library loader never touches.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    notes = models.TextField(blank=True, help_text="The creator's own notes (custom exercises).")
    # A custom exercise that history uses is archived rather than deleted: hidden from the picker, kept in logs.
    is_archived = models.BooleanField(default=False)
    # The create form's UUID: a double tap on Save stores one exercise (see docs/decisions.md).
    submission_id = models.UUIDField(null=True, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            # Custom slugs are "custom-<id>" and library slugs never start so: the two can never collide,
            # and the library loader (which skips a slug a user holds) can never lose one of ours.
            models.CheckConstraint(
                condition=(Q(created_by__isnull=True) & ~Q(slug__startswith=CUSTOM_SLUG_PREFIX))
                | (Q(created_by__isnull=False) & Q(slug__startswith=CUSTOM_SLUG_PREFIX)),
                name="exercise_custom_slug_prefix",
            ),
            models.CheckConstraint(
                condition=Q(created_by__isnull=False) | Q(is_archived=False), name="exercise_library_never_archived"
            ),
            models.UniqueConstraint(fields=["created_by", "submission_id"], name="custom_exercise_submitted_once"),
            models.UniqueConstraint(
                Lower("name"),
                "created_by",
                condition=Q(created_by__isnull=False, is_archived=False),
                name="custom_exercise_name_once",
                violation_error_message=DUPLICATE_NAME,
            ),
            models.CheckConstraint(
                condition=Q(rep_min__gte=1) & Q(rep_max__lte=PRESCRIBED_REPS_MAX) & Q(rep_min__lte=models.F("rep_max")),
                name="exercise_rep_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(increment_lb__gt=0) & Q(decrement_lb__gt=0) & Q(increment_kg__gt=0) & Q(decrement_kg__gt=0),
                name="exercise_load_steps_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The slug says whose it is (exercise_custom_slug_prefix), and pages load it even with .only("slug").
        if self.slug.startswith(CUSTOM_SLUG_PREFIX):
            return reverse("exercises:custom-detail", args=[self.pk])
        return reverse("exercises:exercise-detail", args=[self.slug])

    @property
    def is_custom(self) -> bool:
        return self.created_by_id is not None

    def clean(self):
        if self.rep_min is not None and self.rep_max is not None and self.rep_min > self.rep_max:
            raise ValidationError({"rep_max": REP_RANGE_ORDER})

    @property
    def cue_list(self):
        return [line for line in self.cues.splitlines() if line.strip()]

    @property
    def mistake_list(self):
        return [line for line in self.mistakes.splitlines() if line.strip()]


class ExerciseMuscle(models.Model):
    class Role(models.TextChoices):
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="muscle_roles")
    muscle = models.ForeignKey(Muscle, on_delete=models.CASCADE, related_name="exercise_roles")
    role = models.CharField(max_length=10, choices=Role.choices)

    class Meta:
        ordering = ["role", "muscle__position"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "muscle"], name="exercise_muscle_once"),
        ]

    def __str__(self):
        return f"{self.exercise} - {self.muscle} ({self.role})"


class ExerciseStep(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["exercise", "position"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "position"], name="exercise_step_position_once"),
        ]

    def __str__(self):
        return f"{self.exercise} step {self.position}"


class LibraryVersion(models.Model):
    """One row: the version of the public library (accounts.versions). Every write to the library (load_library,
    load_templates, the admin) gives it a new token, and the library pages and the logged-in pages are keyed by it."""

    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token
