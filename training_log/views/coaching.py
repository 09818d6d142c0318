"""Coaching: where an athlete and their coach talk about the training. A workout's summary with its
comment thread, the coach's override of an athlete's next set, the coach's dashboard and one athlete's page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import coach_required
from accounts.pagecache import private_page
from accounts.selectors import get_athlete_for_viewer
from core.parse import parse_id
from exercises.selectors import pickable_exercises

from ..domain.progression import format_weight
from ..domain.sets import format_volume, workout_duration
from ..forms import CommentForm, OverrideForm
from ..selectors.coaching import athlete_figures, dashboard_rows, plan_around, recent_workouts
from ..selectors.comments import comments_for, unread_counts_by_athlete
from ..selectors.overrides import active_overrides, recently_dismissed
from ..selectors.sessions import get_session_for_viewer
from ..selectors.summary import exercise_summaries
from ..services.comments import add_comment, mark_read
from ..services.overrides import ONLY_THE_COACH, clear_override, set_override


@login_required
def session_summary(request, pk):
    session = get_session_for_viewer(request.user, pk)
    return _summary_page(request, session)


def _summary_page(request, session, *, comment_form=None):
    """The summary with its comment thread; `comment_form` when a posted comment needs its errors shown."""
    summaries = exercise_summaries(session, session.athlete)
    comments = comments_for(request.user, session)
    context = {
        "session": session,
        "summaries": summaries,
        "duration": workout_duration(session),
        "total_volume": format_volume(sum((summary.volume for summary in summaries), 0)),
        "comments": comments,
        "new_comments": [comment for comment in comments if comment.is_new],
        "comment_form": comment_form or CommentForm(),
        # Whoever sees another athlete's workout coaches them now (sessions_visible_to says so).
        "is_coach_view": session.athlete_id != request.user.pk,
    }
    return render(request, "training_log/session_summary.html", context)


COMMENT_POSTED = "Comment posted."
OVERRIDE_SET = "{exercise}: next set {weight} {unit}{reps}. {athlete} sees it on their next workout."
OVERRIDE_CLEARED = "Override cleared: the method decides again."


def _comments_url(session) -> str:
    return reverse("training_log:session-summary", args=[session.pk]) + "#comments"


@login_required
@require_POST
def comment_create(request, pk):
    session = get_session_for_viewer(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            add_comment(
                actor=request.user,
                session=session,
                body=form.cleaned_data["body"],
                client_id=form.cleaned_data["client_id"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, COMMENT_POSTED)
            return redirect(_comments_url(session))
    return _summary_page(request, session, comment_form=form)


@login_required
@require_POST
def comments_read(request, pk):
    """Posted by the summary page itself (htmx, on load) or by its "Mark as read" button."""
    session = get_session_for_viewer(request.user, pk)
    mark_read(actor=request.user, session=session, up_to=parse_id(request.POST.get("up_to", "")))
    if request.htmx:
        # The button goes (nothing is swapped in for it) and the menu's counts are drawn again.
        return render(request, "training_log/_unread_oob.html")
    return redirect(_comments_url(session))


def _coached_athlete(request, athlete_id):
    """An athlete the viewer coaches now: 404 for anyone the viewer cannot see, 403 for themselves."""
    athlete = get_athlete_for_viewer(request.user, athlete_id)
    if athlete.pk == request.user.pk:
        raise PermissionDenied(ONLY_THE_COACH)
    return athlete


@login_required
@require_http_methods(["GET", "POST"])
def override(request, athlete_id):
    athlete = _coached_athlete(request, athlete_id)
    exercises = list(pickable_exercises(athlete).only("pk", "name").order_by("name"))
    initial = {"unit": athlete.unit, "exercise": parse_id(request.GET.get("exercise", ""))}
    form = OverrideForm(request.POST or None, exercises=exercises, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        exercise = next(e for e in exercises if e.pk == data["exercise"])
        try:
            set_override(
                actor=request.user,
                athlete=athlete,
                exercise=exercise,
                weight=data["weight"],
                unit=data["unit"],
                reps=data["reps"],
                note=data["note"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            reps = f" × {data['reps']}" if data["reps"] else ""
            messages.success(
                request,
                OVERRIDE_SET.format(
                    exercise=exercise.name,
                    weight=format_weight(data["weight"]),
                    unit=data["unit"],
                    reps=reps,
                    athlete=athlete.public_name,
                ),
            )
            return redirect("training_log:override", athlete_id=athlete.pk)
    return render(
        request,
        "training_log/override.html",
        {
            "athlete": athlete,
            "form": form,
            "overrides": active_overrides(athlete).select_related("exercise"),
        },
    )


@login_required
@require_POST
def override_clear(request, athlete_id, override_id):
    athlete = _coached_athlete(request, athlete_id)
    found = get_object_or_404(active_overrides(athlete), pk=override_id)
    clear_override(actor=request.user, override=found)
    messages.success(request, OVERRIDE_CLEARED)
    return redirect("training_log:override", athlete_id=athlete.pk)


def _unread_comments(viewer) -> dict[int, int]:
    """Athlete id -> comments on their workouts the viewer has not read (one query)."""
    return unread_counts_by_athlete(viewer)


@login_required
@coach_required
@private_page()
def coach_dashboard(request):
    """Who needs the coach today: one card per athlete, the ones with flags first."""
    rows = dashboard_rows(request.user, timezone.localdate(), unread=_unread_comments(request.user))
    return render(request, "training_log/coach_dashboard.html", {"rows": rows})


@login_required
def coach_athlete(request, athlete_id):
    """One athlete as their coach sees them: the figures, the plan around today, the last workouts, and
    which of the coach's overrides the athlete dismissed lately."""
    athlete = get_athlete_for_viewer(request.user, athlete_id)
    if athlete.pk == request.user.pk:
        raise Http404("Only an athlete you coach has a coach's page.")
    today = timezone.localdate()
    context = {
        "athlete": athlete,
        "row": athlete_figures(athlete, today, unread=_unread_comments(request.user)),
        "plan": plan_around(athlete, today),
        "today": today,
        "workouts": recent_workouts(athlete),
        "dismissed": recently_dismissed(athlete, coach=request.user, now=timezone.now()),
    }
    return render(request, "training_log/coach_athlete.html", context)
