import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Unit
from exercises.models import Exercise
from workouts.models import RIR_MAX, PlannedExercise, PlannedSession, Prescribed

from .domain.sets import set_text

LOGGED_REPS_MAX = 100  # reps in one logged set (a prescription stops at exercises.models.PRESCRIBED_REPS_MAX)
MAX_WEIGHT = {"kg": 1000, "lb": 2200}
TOO_HEAVY = "That's more than {limit} {unit}: check the number."


class SetLogQuerySet(models.QuerySet):
    def working(self):
        """The sets that count: everything but warm-ups."""
        return self.filter(is_warmup=False)

    def of_athletes(self, athlete_ids):
        """These athletes' sets, for a query that reads their workouts too. A set's workout is its athlete's
        own (services.sessions.log_set), so filtering the workouts by athlete as well changes no row; it lets
        PostgreSQL reach them through their athlete index instead of hashing every workout exercise there is
        (a year of one athlete's sets among 3.1 million: 45 -> 5 ms)."""
        return self.filter(athlete_id__in=athlete_ids, session_exercise__session__athlete_id__in=athlete_ids)


class TrainingSession(models.Model):
    """A workout as it was done. Each set is saved the moment it is logged; an unfinished session resumes."""

    athlete = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_sessions")
    planned_session = models.OneToOneField(
        PlannedSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="training_session"
    )
    name = models.CharField(max_length=100)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set when the athlete reopens a finished session on purpose: a finished session is read-only until then.
    reopened_at = models.DateTimeField(null=True, blank=True)
    # The app a workout came from when it was imported ("Strong"); blank for one logged here.
    imported_from = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["athlete", "-started_at"])]

    def __str__(self):
        return f"{self.name} ({self.started_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("training_log:session-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.finished_at is None


class SessionExercise(Prescribed):
    """One exercise of a training session, with the prescription it was started with (a snapshot)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="exercises")
    planned_exercise = models.ForeignKey(PlannedExercise, null=True, blank=True, on_delete=models.SET_NULL)
    swapped_from = models.ForeignKey(Exercise, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    skipped = models.BooleanField(default=False)

    class Meta(Prescribed.Meta):
        constraints = Prescribed.prescription_constraints("session_exercise")

    def __str__(self):
        return f"{self.session}: {self.exercise_id}"


class SetLog(models.Model):
    """One logged set. The weight stays in the unit it was typed in (225 lb is 225 lb forever);
    weight_kg and e1rm_kg are the same numbers in kg, so records can be compared in the database.
    e1rm_kg is Epley on the reps done, never on RIR: a record is what was lifted, not what was felt.
    A warm-up is kept in the log but never drives advice, records, volume or the next session's start."""

    # No index of its own: the indexes below start with the athlete. With one, PostgreSQL read a month of sets
    # for 50 athletes through it, all of their years (150,000 rows) to keep 9,000 (the coach's dashboard).
    athlete = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sets", db_index=False)
    session_exercise = models.ForeignKey(SessionExercise, on_delete=models.CASCADE, related_name="logged_sets")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    client_id = models.UUIDField(help_text="From the rendered form: a double tap or a retried POST stores once.")
    weight = models.DecimalField(max_digits=7, decimal_places=2, validators=[MinValueValidator(0)])
    unit = models.CharField(max_length=2, choices=Unit.choices)
    reps = models.PositiveSmallIntegerField(validators=[MaxValueValidator(LOGGED_REPS_MAX)])
    # None only for a set imported from another app without RPE: it never drives advice (see advice.session_start).
    rir = models.PositiveSmallIntegerField(
        "reps in reserve", null=True, blank=True, validators=[MaxValueValidator(RIR_MAX)]
    )
    # One-arm exercises: each side as logged; reps and rir above hold the weaker side.
    reps_left = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(LOGGED_REPS_MAX)])
    rir_left = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(RIR_MAX)])
    reps_right = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(LOGGED_REPS_MAX)]
    )
    rir_right = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(RIR_MAX)])
    weight_kg = models.DecimalField(max_digits=8, decimal_places=3)
    e1rm_kg = models.DecimalField("estimated 1RM (kg)", max_digits=8, decimal_places=3)
    is_warmup = models.BooleanField("warm-up", default=False)
    logged_at = models.DateTimeField(default=timezone.now)
    # Judged when stored (services.sessions.derive_figures), so the coach's figures count a month of sets
    # without joining every workout exercise: inside the rep range and the RIR band its workout exercise
    # prescribed. None without a RIR (an import from an app without RPE): such a set is not judged.
    on_target = models.BooleanField("inside the prescription", null=True, editable=False)

    objects = SetLogQuerySet.as_manager()

    class Meta:
        ordering = ["logged_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "client_id"], name="set_logged_once"),
            models.CheckConstraint(condition=Q(reps__lte=LOGGED_REPS_MAX), name="set_reps_0_100"),
            models.CheckConstraint(condition=Q(rir__isnull=True) | Q(rir__lte=RIR_MAX), name="set_rir_0_10"),
            models.CheckConstraint(
                condition=Q(weight__gte=0)
                & (Q(unit="kg", weight__lte=MAX_WEIGHT["kg"]) | Q(unit="lb", weight__lte=MAX_WEIGHT["lb"])),
                name="set_weight_sane",
            ),
            models.CheckConstraint(
                condition=(Q(reps_left__isnull=True) | Q(reps_left__lte=LOGGED_REPS_MAX))
                & (Q(reps_right__isnull=True) | Q(reps_right__lte=LOGGED_REPS_MAX))
                & (Q(rir_left__isnull=True) | Q(rir_left__lte=RIR_MAX))
                & (Q(rir_right__isnull=True) | Q(rir_right__lte=RIR_MAX)),
                name="set_sides_sane",
            ),
        ]
        indexes = [
            models.Index(fields=["athlete", "exercise", "-logged_at"]),
            # The coach's figures read an athlete's recent sets of every exercise (training_log.selectors.coaching).
            models.Index(fields=["athlete", "logged_at"], name="setlog_athlete_logged_at"),
        ]

    def __str__(self):
        return set_text(self, warmup=True)

    def clean(self):
        limit = MAX_WEIGHT.get(self.unit)
        if limit is not None and self.weight is not None and self.weight > limit:
            raise ValidationError({"weight": TOO_HEAVY.format(limit=limit, unit=self.unit)})

    @property
    def text(self) -> str:
        """What was lifted, the way lifters write it (domain.sets.set_text): "225 lb × 5 @ RIR 2". A property, so
        a long list renders without a template or a filter per set."""
        return set_text(self)


COMMENT_MAX = 2000  # characters in one comment


class Comment(models.Model):
    """One message in a workout's thread, between the athlete and their coach. The body is plain text:
    templates escape it and keep its line breaks."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="comments")
    # The workout's athlete, copied on save (a workout never changes hands): the menu's unread counts run on
    # every page and find "comments on this athlete's workouts" by this index, not by joining every workout.
    athlete = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=COMMENT_MAX)
    client_id = models.UUIDField(help_text="From the rendered form: a double submit stores once.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["author", "client_id"], name="comment_posted_once")]
        indexes = [models.Index(fields=["session", "created_at"]), models.Index(fields=["athlete", "created_at"])]

    def __str__(self):
        return f"{self.author_id} on {self.session_id}: {self.body[:40]}"

    def save(self, *args, **kwargs):
        if self.athlete_id is None:
            self.athlete_id = self.session.athlete_id
        super().save(*args, **kwargs)


class CommentRead(models.Model):
    """How far a user has read a workout's thread: comments by others created after read_at are unread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="comment_reads")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="one_read_mark_per_thread")]

    def __str__(self):
        return f"{self.user_id} read {self.session_id} up to {self.read_at}"


OVERRIDE_NOTE_MAX = 140


class CoachOverride(models.Model):
    """The coach's word on one athlete's next set of one exercise, in place of the method's.

    It counts until the athlete logs a working set of that exercise after `created_at` (derived from
    the log, nothing is written then) or until it is cleared; setting a new one clears the old one,
    so at most one per athlete and exercise is uncleared. It is cleared too when the athlete dismisses it
    and when the coaching link it was set under ends; `cleared_reason` keeps which, so the coach can see
    that the athlete chose their own advice."""

    class Cleared(models.TextChoices):
        REPLACED = "replaced", "Replaced by a newer one"
        BY_COACH = "coach", "Cleared by the coach"
        DISMISSED = "dismissed", "Dismissed by the athlete"
        LINK_ENDED = "link-ended", "The coaching link ended"

    athlete = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_overrides")
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    weight = models.DecimalField(max_digits=7, decimal_places=2, validators=[MinValueValidator(0)])
    unit = models.CharField(max_length=2, choices=Unit.choices)
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(LOGGED_REPS_MAX)]
    )
    note = models.CharField(max_length=OVERRIDE_NOTE_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    cleared_at = models.DateTimeField(null=True, blank=True)
    # Blank while it counts, and on the overrides cleared before the reason was kept.
    cleared_reason = models.CharField(max_length=10, choices=Cleared.choices, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["athlete", "exercise"], condition=Q(cleared_at__isnull=True), name="one_uncleared_override"
            ),
            models.CheckConstraint(
                condition=Q(cleared_reason="") | Q(cleared_at__isnull=False), name="override_reason_when_cleared"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0)
                & (Q(unit="kg", weight__lte=MAX_WEIGHT["kg"]) | Q(unit="lb", weight__lte=MAX_WEIGHT["lb"])),
                name="override_weight_sane",
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=1, reps__lte=LOGGED_REPS_MAX), name="override_reps_sane"
            ),
        ]

    def __str__(self):
        return f"{self.weight} {self.unit} x {self.reps or '?'} for {self.athlete_id} on {self.exercise_id}"

    def clean(self):
        limit = MAX_WEIGHT.get(self.unit)
        if limit is not None and self.weight is not None and self.weight > limit:
            raise ValidationError({"weight": TOO_HEAVY.format(limit=limit, unit=self.unit)})


# A confirmed import whose worker has recorded no progress for this long has stopped: the worker died (its
# transaction went with it, so nothing of the file is stored). Far above the gaps between two records of a live
# import (transfer.importer.PROGRESS_SECONDS on PostgreSQL; on SQLite, whose one writer is the import itself, the
# only record is its start, and an import there takes seconds: longer would leave every other write waiting).
# Five minutes unless settings.IMPORT_STOPPED_AFTER_SECONDS says otherwise (make reliability asks for 30 s).
IMPORT_STOPPED_AFTER = dt.timedelta(seconds=settings.IMPORT_STOPPED_AFTER_SECONDS)


class ImportJob(models.Model):
    """One upload of another app's export, from the preview to the summary. The file itself is kept in
    ImportChunk rows until the import has run, so any web process and the task worker can read it
    (no shared disk needed) and nothing of it sits in memory."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Waiting for you to check it"
        QUEUED = "queued", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    athlete = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    format = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    unit = models.CharField(max_length=2, choices=Unit.choices, blank=True, help_text="For a file with no unit.")
    rows_total = models.PositiveIntegerField(default=0)
    preview = models.JSONField(default=dict)  # what the preview shows: counts, dates, names, broken rows
    mapping = models.JSONField(default=dict)  # exercise name -> an exercise id, "new" or "skip"
    result = models.JSONField(default=dict)  # what the import did, for the summary
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the worker last said it is on it (at its start, then while it writes): None until a worker starts it.
    progress_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the background task's id, to end it with the job

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["athlete", "-created_at"])]

    def __str__(self):
        return f"{self.filename} ({self.status})"

    def get_absolute_url(self):
        return reverse("training_log:import-detail", args=[self.pk])

    @property
    def has_stopped(self) -> bool:
        """Derived on every read (a page never writes): a started import with no progress for
        IMPORT_STOPPED_AFTER. Cancelling it (transfer.services.cancel_import) or purge_imports records it."""
        return (
            self.status == self.Status.QUEUED
            and self.progress_at is not None
            and self.progress_at < timezone.now() - IMPORT_STOPPED_AFTER
        )


class ImportChunk(models.Model):
    """A piece of an uploaded file, in order."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="import_chunk_once")]

    def __str__(self):
        return f"{self.job_id}#{self.index}"
