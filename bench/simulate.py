"""Twelve weeks of six scripted lifters through the advice, printed so a coach can read it.

Pure: only training_log.domain (no Django, no database), so it runs anywhere in a second or two:

    .venv/bin/python bench/simulate.py            # all six lifters
    .venv/bin/python bench/simulate.py pull-up    # the lifters whose name contains "pull-up"

Each lifter follows the card: the first set of a session is recommend_loadable_session_start on the last
session's working sets, every next set recommend_loadable on the set before it (with the session's earlier
sets, so two misses stop), fitted to the lifter's equipment. A lifter does the reps the card asks for or as
many as they can, and reports RIR as they feel it (the under-reporter says two fewer than they had).

The lifter model is Epley plus fatigue: a lifter's reps to failure at a weight come from their true max
(which grows a little each session, or not, or drops on a bad day), and each set costs one rep of that
for the next set, carried to the next weight by Epley. That is the "about a rep lost a set" of issue 24.

The pull-up lifter weighs 180 lb. Body weight is a later item of issue 24, so the rules see the added
weight only (the belt, from 0) while the lifter's strength works on the total load (180 lb + the belt).

Each session prints one line: the card's first set, then every set as weight x reps @ reported RIR (and the
true RIR in brackets when it differs), with the card's answer after a set whenever it is not "the same
again" (a weight change, a held step, a miss, a stop). Then the next session's card and the stall check.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from training_log.domain.loads import (  # noqa: E402  (after the path is set)
    AddedWeightSetup,
    BarbellSetup,
    DumbbellSetup,
    Setup,
    recommend_loadable,
    recommend_loadable_session_start,
)
from training_log.domain.progression import Prescription, Reason, SetResult, best_set, format_weight  # noqa: E402
from training_log.domain.stalls import check_stall  # noqa: E402

D = Decimal
WEEKS = 12
SESSIONS_PER_WEEK = 2
PLATES_LB = tuple(D(p) for p in ("45", "35", "25", "10", "5", "2.5"))
PLATES_KG = tuple(D(p) for p in ("25", "20", "15", "10", "5", "2.5", "1.25"))


@dataclass
class Lifter:
    name: str
    lift: str
    prescription: Prescription
    setup: Setup
    unit: str
    first_card: tuple[Decimal, int]  # the coach's starting point: weight, reps
    true_max: Decimal  # Epley 1RM, fresh, in unit (for the pull-up: body weight + added)
    growth: float  # the true max's gain per session, as a share
    working_sets: int = 3
    body_weight: Decimal = D(0)
    rir_bias: int = 0  # reported minus true RIR
    bad_days: dict[int, float] = field(default_factory=dict)  # session number -> share of the true max
    taper: float = 1.0  # growth shrinks by this factor each session (a novice's gains slow down)


LIFTERS = (
    Lifter(
        "novice",
        "deadlift 4-6, +10/-5 lb",
        Prescription(rep_min=4, rep_max=6, increment=D(10), decrement=D(5)),
        BarbellSetup(D(45), PLATES_LB),
        "lb",
        (D(135), 5),
        D(215),
        0.03,
        taper=0.94,
    ),
    Lifter(
        "stalled intermediate",
        "barbell row 6-10, +5/-5 lb",
        Prescription(rep_min=6, rep_max=10, increment=D(5), decrement=D(5)),
        BarbellSetup(D(45), PLATES_LB),
        "lb",
        (D(185), 8),
        D(250),
        0.0,
    ),
    Lifter(
        "under-reporter",
        "deadlift 4-6, +5/-2.5 kg, reports 2 RIR fewer than they have",
        Prescription(rep_min=4, rep_max=6, increment=D(5), decrement=D("2.5")),
        BarbellSetup(D(20), PLATES_KG),
        "kg",
        (D(140), 5),
        D(185),
        0.006,
        rir_bias=-2,
    ),
    Lifter(
        "bad day",
        "deadlift 4-6, +10/-5 lb, one bad day in week 6",
        Prescription(rep_min=4, rep_max=6, increment=D(10), decrement=D(5)),
        BarbellSetup(D(45), PLATES_LB),
        "lb",
        (D(365), 5),
        D(440),
        0.004,
        bad_days={10: 0.86},
    ),
    Lifter(
        "dumbbell microloader",
        "rear raise 12-20, +5/-5 lb, dumbbells every 5 lb and two 1.25 lb clip-ons",
        Prescription(rep_min=12, rep_max=20, increment=D(5), decrement=D(5)),
        DumbbellSetup.every(D(5), heaviest=D(50), add_ons=(D("1.25"), D("1.25"))),
        "lb",
        (D(15), 12),
        D("27"),
        0.01,
    ),
    Lifter(
        "180 lb pull-up",
        "pull-up 6-10, +5/-5 lb on a belt (added weight only: body weight is a later item)",
        Prescription(rep_min=6, rep_max=10, increment=D(5), decrement=D(5)),
        AddedWeightSetup(step=D(5), minimum=D(0)),
        "lb",
        (D(0), 6),
        D(228),
        0.006,
        body_weight=D(180),
    ),
)


def _reps_to_failure(true_max: Decimal, load: Decimal) -> Decimal:
    return 30 * true_max / load - 30


def _set_text(s: SetResult, true_rir: int) -> str:
    text = f"{format_weight(s.weight)}x{s.reps}@{s.rir}"
    return text if true_rir == s.rir else f"{text}({true_rir})"


def _card_text(weight: Decimal, reps: int) -> str:
    return f"{format_weight(weight)}x{reps}"


def simulate(lifter: Lifter, out=print) -> None:
    p, setup, unit = lifter.prescription, lifter.setup, lifter.unit
    out(f"== {lifter.name}: {lifter.lift} ({unit})")
    true_max = lifter.true_max
    growth = lifter.growth
    last_sets: list[SetResult] = []
    bests: list[SetResult] = []
    topped_out_at: Decimal | None = None
    stalled_count = 0
    for number in range(WEEKS * SESSIONS_PER_WEEK):
        label = f"w{number // SESSIONS_PER_WEEK + 1:02d}{'abc'[number % SESSIONS_PER_WEEK]}"
        if last_sets:
            start = recommend_loadable_session_start(p, last_sets, setup, unit=unit, topped_out_at=topped_out_at)
            weight, aim = start.weight, start.reps
        else:
            weight, aim = lifter.first_card
        today = true_max * D(lifter.bad_days.get(number, 1.0))
        to_failure = _reps_to_failure(today, lifter.body_weight + weight)
        line = [f"{label} card {_card_text(weight, aim)} |"]
        events = []
        done: list[SetResult] = []
        for _ in range(lifter.working_sets):
            whole = max(math.floor(to_failure), 0)
            reps = min(aim, whole)
            true_rir = min(whole - reps, 10)
            rir = max(min(true_rir + lifter.rir_bias, 10), 0) if reps else 0
            s = SetResult(weight, reps, rir)
            done.append(s)
            line.append(_set_text(s, true_rir))
            if reps >= p.rep_max:
                topped_out_at = weight
            rec = recommend_loadable(p, s, setup, unit=unit, topped_out_at=topped_out_at, earlier=done[:-1])
            if rec.weight != weight or rec.reason in (Reason.MISSED, Reason.STOP_FOR_TODAY) or rec.reps != reps:
                line.append(f"[{rec.reason} -> {_card_text(rec.weight, rec.reps)}]")
            if rec.reason in (Reason.MISSED, Reason.STOP_FOR_TODAY) or ", but " in rec.message:
                events.append(rec.message)
            if rec.reason == Reason.STOP_FOR_TODAY:
                break
            # The set cost a rep; Epley carries what is left to the next weight.
            to_failure = (30 + to_failure) * (lifter.body_weight + weight) / (lifter.body_weight + rec.weight) - 31
            weight, aim = rec.weight, rec.reps
        last_sets = done
        bests.append(best_set(p, done, unit=unit))
        stall = check_stall([SetResult(b.weight + lifter.body_weight, b.reps, b.rir) for b in bests], unit=unit)
        stalled_count_before = stalled_count
        stalled_count += stall.stalled
        nxt = recommend_loadable_session_start(p, done, setup, unit=unit, topped_out_at=topped_out_at)
        line.append(f"| next {_card_text(nxt.weight, nxt.reps)} ({nxt.reason})")
        if stall.stalled:
            line.append("STALLED")
        out(" ".join(line))
        for message in events:
            out(f"      {message}")
        if stall.stalled and not stalled_count_before:
            out(f"      {stall.why}")  # once, when first flagged
        true_max *= D(1 + growth)
        growth *= lifter.taper
    out(
        f"   true max {format_weight(lifter.true_max)} -> {format_weight(true_max.quantize(D('0.1')))} {unit}; "
        f"flagged stalled in {stalled_count} of {WEEKS * SESSIONS_PER_WEEK} sessions"
    )
    out("")


def main(argv: list[str]) -> None:
    wanted = " ".join(argv).lower()
    for lifter in LIFTERS:
        if wanted in lifter.name:
            simulate(lifter)


if __name__ == "__main__":
    main(sys.argv[1:])
