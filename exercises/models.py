from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

# The top of any prescribed rep range: an exercise's own, a template's, a planned session's.
# (Logged reps have their own, higher limit: training_log.models.LOGGED_REPS_MAX.)
PRESCRIBED_REPS_MAX = 50


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

    class Pattern(models.TextChoices):
        HINGE = "hinge", "Hinge"
        ROW = "row", "Row"
        UPRIGHT_PULL = "upright-pull", "Upright pull"
        RAISE = "raise", "Raise"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=100)
    summary = models.CharField(max_length=140)
    why = models.TextField("why it earns its place")
    equipment = models.CharField(max_length=20, choices=Equipment.choices)
    pattern = models.CharField(max_length=20, choices=Pattern.choices)
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
    # Null for our library; set for exercises a user adds, which the library loader never touches.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
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
        return reverse("exercises:exercise-detail", args=[self.slug])

    def clean(self):
        if self.rep_min is not None and self.rep_max is not None and self.rep_min > self.rep_max:
            raise ValidationError({"rep_max": "The top of the rep range must be at least the bottom."})

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
