"""A finished (or open) workout's summary: per exercise the best set, the records it beat, the volume and
what to do next time."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q

from accounts.models import User

from ..domain.loads import LoadableRecommendation
from ..domain.progression import format_weight, lifted_e1rm
from ..domain.records import RECORD_E1RM, RECORD_HEAVIEST, RECORD_REPS, beats, lifted
from ..domain.sets import format_volume, set_volume
from ..models import SessionExercise, SetLog, TrainingSession
from .cards import earlier_working_sets, session_cards


@dataclass(frozen=True)
class ExerciseSummary:
    item: SessionExercise
    best: SetLog | None
    e1rm: Decimal | None  # in the athlete's unit: Epley on the reps done, no RIR
    records: list[str]
    next_time: LoadableRecommendation | None
    volume: Decimal = Decimal(0)  # weight × reps of the working sets, in the athlete's unit (set_volume)
    no_advice_reason: str = ""  # why there is no next time (the last set has no RIR)

    @property
    def volume_text(self) -> str:
        return format_volume(self.volume)


def exercise_summaries(session: TrainingSession, athlete: User) -> list[ExerciseSummary]:
    """Per exercise: the best working set by what was lifted, records beaten, and what to do next time.
    Warm-ups never count."""
    cards = session_cards(session, athlete, swaps=False)
    weights = sorted({logged.weight_kg for card in cards for logged in card.working_sets})
    # One query: per exercise, the best e1RM, the heaviest weight and, for each weight lifted today,
    # the most reps ever done at that weight or heavier.
    reps_at = {f"reps_at_{n}": Max("reps", filter=Q(weight_kg__gte=weight)) for n, weight in enumerate(weights)}
    earlier = (
        earlier_working_sets(session)
        .filter(exercise_id__in=[card.item.exercise_id for card in cards])
        .values("exercise_id")
        .annotate(best_e1rm=Max("e1rm_kg"), heaviest=Max("weight_kg"), **reps_at)
    )
    records_before = {row["exercise_id"]: row for row in earlier} if cards else {}
    unit = athlete.unit
    summaries = []
    for card in cards:
        working = card.working_sets
        best = max(working, key=lifted, default=None)
        records = []
        before = records_before.get(card.item.exercise_id)
        if best and before:
            if beats(best.e1rm_kg, before["best_e1rm"]):
                records.append(RECORD_E1RM)
            if beats(max(s.weight_kg for s in working), before["heaviest"]):
                records.append(RECORD_HEAVIEST)
            most = [before[f"reps_at_{weights.index(s.weight_kg)}"] for s in working]
            rep_records = [s for s, prior in zip(working, most, strict=True) if beats(s.reps, prior)]
            if rep_records:
                top = max(rep_records, key=lambda s: (s.weight_kg, s.reps))
                records.append(RECORD_REPS.format(weight=format_weight(top.weight), unit=top.unit))
        e1rm = lifted_e1rm(best.weight, best.unit, unit, best.reps) if best else None
        volume = sum((set_volume(s, unit) for s in working), Decimal(0))
        next_time = card.advice if working else None
        # An imported workout's sets often have no RIR: saying so under each of its exercises is noise.
        reason = card.no_advice_reason if working and not session.imported_from else ""
        summaries.append(ExerciseSummary(card.item, best, e1rm, records, next_time, volume, reason))
    return summaries
