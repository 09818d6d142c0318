"""Looking back: the workout history (the athlete's own, or an athlete's for their coach), /progress/
(strength over time, records, stalls, weekly hard sets) and one exercise's history."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.pagecache import private_page
from accounts.selectors import get_athlete_for_viewer
from core.pagekeys import FIRST_PAGES
from exercises.selectors import exercises_visible_to

from ..selectors.comments import unread_by_session
from ..selectors.history import exercise_history_page
from ..selectors.progress import RANGES, progress_report
from ..selectors.sessions import history
from ..selectors.volume import weekly_hard_sets

PROGRESS_QUERY = {"range": frozenset(RANGES)}  # what /progress/ reads (accounts.pagecache stores only these)


@login_required
@private_page(query={"page": FIRST_PAGES})
def log_history(request):
    return _history(request, request.user)


@login_required
def athlete_log(request, athlete_id):
    return _history(request, get_athlete_for_viewer(request.user, athlete_id))


HISTORY_PAGE = 50


def _history(request, athlete):
    """Newest first, 50 a page: an imported history may hold years of workouts."""
    page = Paginator(history(athlete), HISTORY_PAGE).get_page(request.GET.get("page"))
    unread = unread_by_session(request.user, athlete)
    rows = [(session, unread.get(session.pk, 0)) for session in page]
    return render(request, "training_log/history.html", {"athlete": athlete, "rows": rows, "page": page})


# Progress: strength over time, records and stalls, per exercise (selectors.progress).


@login_required
@private_page(query=PROGRESS_QUERY)
def progress(request):
    return _progress(request, request.user)


@login_required
@private_page(query=PROGRESS_QUERY)
def athlete_progress(request, athlete_id):
    """The same page for an athlete the viewer coaches now (or the athlete themself); anyone else 404."""
    return _progress(request, get_athlete_for_viewer(request.user, athlete_id))


def _progress(request, athlete):
    report = progress_report(athlete, request.GET.get("range"))
    ranges = [(key, label) for key, (label, _) in RANGES.items()]
    context = {
        "athlete": athlete,
        "progress": report,
        "ranges": ranges,
        "own": athlete.pk == request.user.pk,
        "volume": weekly_hard_sets(athlete, today=timezone.localdate()),
    }
    return render(request, "training_log/progress.html", context)


# Where lifters look: one exercise's history (the athlete's own, or an athlete's for their coach).


@login_required
def exercise_history(request, exercise_id):
    return _exercise_history(request, request.user, exercise_id)


@login_required
def athlete_exercise_history(request, athlete_id, exercise_id):
    return _exercise_history(request, get_athlete_for_viewer(request.user, athlete_id), exercise_id)


def _exercise_history(request, athlete, exercise_id):
    exercise = get_object_or_404(exercises_visible_to(request.user).only("pk", "name"), pk=exercise_id)
    page, workouts = exercise_history_page(athlete, exercise.pk, request.GET.get("page"))
    context = {"athlete": athlete, "exercise": exercise, "page": page, "workouts": workouts}
    return render(request, "training_log/exercise_history.html", context)
