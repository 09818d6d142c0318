"""What bench/reliability.py counts and prints, apart from the servers it runs: plain data in, figures out.

A fault's figures come from what the lifters saw (every POST: its client id, when it started and ended, and
how it ended), what /healthz/ said meanwhile, and what the database holds afterwards. "Acknowledged" is a set
whose POST answered with success at least once (a phone retries until it does); "lost" is an acknowledged set
the database does not have; "doubled" is a client id stored more than once.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

OK = "ok"


@dataclass(frozen=True)
class Attempt:
    """One POST of a set (a retry is another attempt with the same client id)."""

    client_id: str
    started: float
    ended: float
    outcome: str  # OK, or the kind of error (error_kind)


@dataclass(frozen=True)
class Health:
    """One answer of /healthz/ (status 0: no answer at all)."""

    started: float
    ended: float
    status: int
    cache: str


@dataclass
class Figures:
    name: str
    requests: int
    errors: Counter
    acknowledged: int
    stored: int
    lost: int
    doubled: int
    unsent: int  # stored but never sent: cannot happen unless something is badly wrong
    unacknowledged: int  # sent, never answered with success, even after the retries
    recovery_post: float | None  # seconds from the end of the fault to the first success, None if none came
    recovery_health: float | None  # ... to /healthz/ 200 with the cache up
    slowest: float
    pages_ok: bool
    page_problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # failures besides the figures and the pages
    warnings: list[str] = field(default_factory=list)  # printed, not failed: slowness rather than wrong data

    @property
    def failed(self) -> bool:
        return bool(
            self.lost or self.doubled or self.unsent or self.unacknowledged or not self.pages_ok or self.problems
        )


def error_kind(status: int | None = None, error: BaseException | None = None, invalid: bool = False) -> str:
    """A short name for how a POST failed: the HTTP status, or what the connection did."""
    if invalid:
        return "form error"
    if status is not None:
        return str(status)
    text = f"{type(error).__name__} {error}".lower()
    for words, kind in (
        (("timed out", "timeout"), "timeout"),
        (("refused",), "refused"),
        (("reset", "broken pipe", "remote end closed", "remotedisconnected", "badstatusline"), "dropped"),
    ):
        if any(word in text for word in words):
            return kind
    return type(error).__name__ if error is not None else "unknown"


def cache_up(health: Health) -> bool:
    return health.status == 200 and health.cache in ("up", "ok")


def first_after(moments: list[tuple[float, float]], since: float) -> float | None:
    """Seconds from `since` to the end of the first (start, end) that started at or after it."""
    ends = [end for start, end in moments if start >= since]
    return round(min(ends) - since, 2) if ends else None


def figures(
    name: str,
    attempts: list[Attempt],
    stored_ids: list[str],
    health: list[Health],
    fault_ended: float,
    page_problems: list[str],
) -> Figures:
    """stored_ids: the client id of every row the database holds for the ids sent during this fault (and any it
    holds that were not sent), one entry per row."""
    sent = {attempt.client_id for attempt in attempts}
    acknowledged = {attempt.client_id for attempt in attempts if attempt.outcome == OK}
    rows = Counter(stored_ids)
    return Figures(
        name=name,
        requests=len(attempts),
        errors=Counter(attempt.outcome for attempt in attempts if attempt.outcome != OK),
        acknowledged=len(acknowledged),
        stored=len(rows),
        lost=len(acknowledged - rows.keys()),
        doubled=sum(count - 1 for count in rows.values()),
        unsent=len(rows.keys() - sent),
        unacknowledged=len(sent - acknowledged),
        recovery_post=first_after([(a.started, a.ended) for a in attempts if a.outcome == OK], fault_ended),
        recovery_health=first_after([(h.started, h.ended) for h in health if cache_up(h)], fault_ended),
        slowest=round(max((a.ended - a.started for a in attempts), default=0.0), 2),
        pages_ok=not page_problems,
        page_problems=page_problems,
    )


def _seconds(value: float | None) -> str:
    return "never" if value is None else f"{value:.2f} s"


def _errors(errors: Counter) -> str:
    return ", ".join(f"{kind} x{count}" for kind, count in errors.most_common()) or "none"


COLUMNS = ("fault", "POSTs", "errors seen", "acked/stored", "lost", "doubled", "recovered: POST / health", "slowest",
           "pages")  # fmt: skip


def table(rows: list[Figures]) -> str:
    """One line per fault, columns aligned, then what went wrong where something did."""
    cells = [COLUMNS] + [
        (
            row.name,
            f"{row.requests:,}",
            _errors(row.errors),
            f"{row.acknowledged:,}/{row.stored:,}",
            str(row.lost),
            str(row.doubled),
            f"{_seconds(row.recovery_post)} / {_seconds(row.recovery_health)}",
            f"{row.slowest:.2f} s",
            "correct" if row.pages_ok else "WRONG",
        )
        for row in rows
    ]
    widths = [max(len(line[n]) for line in cells) for n in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() for line in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    for row in rows:
        for note in row.notes:
            lines.append(f"  {row.name}: {note}")
        if row.unsent:
            lines.append(f"  FAIL {row.name}: {row.unsent} stored set(s) nobody sent")
        if row.unacknowledged:
            lines.append(f"  FAIL {row.name}: {row.unacknowledged} set(s) never acknowledged, even after retries")
        for warning in row.warnings:
            lines.append(f"  WARN {row.name}: {warning}")
        for problem in row.problems + row.page_problems:
            lines.append(f"  FAIL {row.name}: {problem}")
    return "\n".join(lines)


def during_fault(
    attempts: list[Attempt],
    health: list[Health],
    began: float,
    ended: float,
    limit: float | None = None,
    down: str = "",
) -> tuple[list[str], list[str]]:
    """Notes and warnings about what met the fault itself (a request in flight at any moment of it). limit: the
    seconds a request may take then (a hang must make requests fail fast, not wait it out); down: "database" or
    "cache", which /healthz/ should have said was down at some point."""
    notes, warnings = [], []
    met = [a for a in attempts if a.started < ended and a.ended > began]
    slowest = max((a.ended - a.started for a in met), default=0.0)
    failed = sum(a.outcome != OK for a in met)
    notes.append(f"{len(met)} POSTs met the fault: {failed} failed, the slowest took {slowest:.2f} s")
    if limit is not None and slowest > limit:
        warnings.append(f"a POST waited {slowest:.2f} s during the fault (more than {limit:.1f} s): not failing fast")
    answers = [h for h in health if h.started < ended and h.ended > began]
    if answers:
        said = ", ".join(sorted({f"{h.status or 'no answer'}/{h.cache}" for h in answers}))
        notes.append(
            f"/healthz/ said {said} (status/cache), slowest answer {max(h.ended - h.started for h in answers):.2f} s"
        )
    saw_down = {
        "database": any(h.status == 503 for h in answers),
        "cache": any(h.cache == "down" for h in answers),
    }
    if down and not saw_down[down]:
        warnings.append(f"/healthz/ never said the {down} was down while it was")
    return notes, warnings


SET_LINK = re.compile(r"/log/sets/(\d+)/edit/")
SESSION_LINK = re.compile(r"/log/sessions/(\d+)/summary/")


def set_ids(page: str) -> set[int]:
    """The sets a workout page shows, by their edit links (one per set the lifter may change)."""
    return {int(pk) for pk in SET_LINK.findall(page)}


def session_ids(page: str) -> list[int]:
    """The workouts /log/ lists, in order."""
    return [int(pk) for pk in SESSION_LINK.findall(page)]


def compare(what: str, shown, stored) -> list[str]:
    """A problem in words when a page shows other sets (or workouts) than the database has."""
    if shown == stored:
        return []
    if isinstance(shown, set):
        missing, extra = len(stored - shown), len(shown - stored)
        return [f"{what} shows {len(shown)}, the database has {len(stored)} ({missing} missing, {extra} not stored)"]
    return [f"{what} lists {shown[:5]}..., the database {stored[:5]}... ({len(shown)} vs {len(stored)})"]
