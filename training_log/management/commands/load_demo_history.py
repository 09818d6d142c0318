"""Eight weeks of believable training for the demo athletes, logged through the real services, so the
demo shows real recommendations. Development only; does nothing when the history is already there."""

import datetime
import random
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.versions import changed
from training_log.domain import advice
from training_log.domain.loads import nearest_loadable
from training_log.models import SetLog, TrainingSession
from training_log.services.comments import add_comment
from training_log.services.sessions import finish_session, log_set, start_session
from workouts.models import WorkoutTemplate
from workouts.services import assign, skip_session

# A believable one-rep max in lb for each exercise of Upper back A and B, for the stronger demo athlete.
ONE_REP_MAX_LB = {
    "deadlift": 365, "barbell-row": 215, "face-pull": 95, "upright-row": 115,
    "lat-pulldown": 200, "chest-supported-row": 75, "cable-row": 190, "dumbbell-rear-lateral-raise": 35,
}  # fmt: skip
WEEKS_BACK = 8
WEEKS_AHEAD = 4


class Command(BaseCommand):
    help = "Give the demo athletes 8 weeks of history and 4 weeks of plan. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stderr.write("Demo history is for development only; DJANGO_DEBUG is off, so none was made.")
            return
        coach = User.objects.filter(username="coach").first()
        athletes = list(User.objects.filter(username__in=["alex", "sam"]).order_by("username"))
        templates = list(
            WorkoutTemplate.objects.public().filter(slug__in=["upper-back-a", "upper-back-b"]).order_by("slug")
        )
        if coach is None or len(athletes) != 2 or len(templates) != 2:
            self.stderr.write("Run load_library, load_templates and load_demo first.")
            return
        if TrainingSession.objects.filter(athlete__in=athletes).exists():
            self.stdout.write("Demo history: already there.")
            return
        today = timezone.localdate()
        start = today - datetime.timedelta(days=today.weekday(), weeks=WEEKS_BACK)
        # Alex trains every session; Sam's last fortnight slipped (one skipped, two missed), so the coach's
        # dashboard has someone to flag.
        # Alex gains about 2 % a session (a lifter early in his training); Sam barely moves.
        for athlete, strength, gain, lapsed in zip(
            athletes, (Decimal("1.0"), Decimal("0.75")), (Decimal("1.02"), Decimal("1.004")), (0, 3), strict=True
        ):
            with transaction.atomic():
                count = self._train(athlete, coach, templates, start, today, strength, gain, lapsed)
            self.stdout.write(f"Demo history: {count} workouts for {athlete.public_name}.")
        last = TrainingSession.objects.filter(athlete=athletes[0]).order_by("-started_at").first()
        add_comment(
            actor=athletes[0],
            session=last,
            body="Grip went before my back on the last deadlift set. Straps next time?",
            client_id=uuid.uuid5(uuid.NAMESPACE_URL, "scapula-demo-comment"),
        )

    def _train(self, athlete, coach, templates, start, today, strength, gain, lapsed) -> int:
        rng = random.Random(athlete.username)  # noqa: S311 - repeatable demo data, not security
        assignment, _ = assign(
            actor=coach,
            athletes=[athlete],
            templates=templates,
            start=start,
            weekdays=[1, 4],
            weeks=WEEKS_BACK + 1 + WEEKS_AHEAD,  # the weeks before, this week, and 4 full weeks after it
            submission_id=uuid.uuid5(uuid.NAMESPACE_URL, f"scapula-demo-{athlete.username}"),
            allow_past=True,  # the history is the point
            today=today,
        )
        true_max = {slug: Decimal(lb) * strength for slug, lb in ONE_REP_MAX_LB.items()}
        done = 0
        past = list(assignment.sessions.filter(date__lt=today).order_by("date"))
        if lapsed:
            skip_session(actor=athlete, session=past[-lapsed], reason="Work trip, no gym at the hotel")
            past = past[:-lapsed]  # the rest of the lapse was simply missed
        for planned in past:
            started = timezone.make_aware(datetime.datetime.combine(planned.date, datetime.time(18, 0)))
            session, _ = start_session(actor=athlete, planned_session=planned)
            TrainingSession.objects.filter(pk=session.pk).update(started_at=started)
            session.started_at = started
            minute = 0
            for item in session.exercises.select_related("exercise"):
                exercise = item.exercise
                last = SetLog.objects.filter(athlete=athlete, exercise=exercise).order_by("-logged_at").first()
                rec = advice.next_set(item, exercise, athlete, last)
                earlier = []  # this workout's sets of the exercise so far, as the card passes them
                for _ in range(item.sets):
                    minute += 3
                    weight = rec.weight if rec else self._first_weight(item, exercise, athlete, true_max[exercise.slug])
                    reps, rir = self._perform(true_max[exercise.slug], weight, item, rng)
                    done_reps = {"reps": reps, "rir": rir}
                    if exercise.is_unilateral:  # logged per side (both sides alike here)
                        done_reps = {"reps": None, "rir": None, "reps_left": reps, "rir_left": rir}
                        done_reps |= {"reps_right": reps, "rir_right": rir}
                    logged, _ = log_set(
                        actor=athlete,
                        session_exercise=item,
                        weight=weight,
                        unit=athlete.unit,
                        **done_reps,
                        client_id=uuid.uuid4(),
                    )
                    SetLog.objects.filter(pk=logged.pk).update(logged_at=started + datetime.timedelta(minutes=minute))
                    rec = advice.next_set(item, exercise, athlete, logged, earlier=earlier)
                    earlier.append(logged)
                true_max[exercise.slug] *= gain
            finish_session(actor=athlete, session=session)
            TrainingSession.objects.filter(pk=session.pk).update(
                finished_at=started + datetime.timedelta(minutes=minute)
            )
            done += 1
        # The sets and workouts were dated in the past afterwards: earlier workouts changed.
        changed(people=[athlete], history=[athlete])
        return done

    @staticmethod
    def _first_weight(item, exercise, athlete, one_rep_max) -> Decimal:
        target = one_rep_max / (1 + Decimal(item.rep_max + 2) / 30)
        return nearest_loadable(advice.setup_for(exercise, athlete), target, direction="down")

    @staticmethod
    def _perform(one_rep_max, weight, item, rng) -> tuple[int, int]:
        """Reps to failure from Epley, then stop 1-2 short (now and then at failure), never past the range's top."""
        to_failure = max(0, int(30 * (one_rep_max / max(weight, Decimal(1)) - 1)))
        rir = rng.choice([1, 1, 2, 2, 2, 0])
        reps = max(0, min(to_failure - rir, item.rep_max))
        return reps, min(10, to_failure - reps)
