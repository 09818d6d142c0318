import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from accounts.decorators import coach_required
from accounts.pagecache import private_page
from accounts.selectors import get_athlete_for_viewer
from core.parse import parse_id
from exercises import selectors as library
from exercises.forms import picker
from workouts import selectors as plans
from workouts.forms import SkipForm

from . import dashboard, history, selectors
from . import export as export_rows
from . import progress as progress_selectors
from .forms import CommentForm, NoteForm, OneArmSetForm, OverrideForm, SetEditForm, SetForm
from .models import SessionExercise
from .services import comments as comment_service
from .services import overrides as override_service
from .services import sessions as service
from .services.progression import format_weight
from .volume import weekly_hard_sets

SET_LOGGED = "Set {number} logged: {what}."
WARMUP_LOGGED = "Warm-up logged: {what}."
SET_REMOVED = "Set removed."
SET_NOT_LOGGED = "Set not logged: {errors}"


@login_required
@private_page
def today(request):
    athlete = request.user
    return render(
        request,
        "training_log/today.html",
        {
            "planned": selectors.todays_sessions(athlete, today=timezone.localdate()),
            "open_sessions": selectors.open_sessions(athlete),
            "templates": plans.template_list(athlete),
            "skip_form": SkipForm(),
        },
    )


@login_required
@require_POST
def session_start(request):
    """Starting is explicit: from today's plan, from a template, or empty."""
    athlete = request.user
    planned = template = None
    if request.POST.get("planned_session"):
        planned = get_object_or_404(
            plans.sessions_visible_to(athlete).filter(athlete=athlete), pk=_id(request, "planned_session")
        )
    elif request.POST.get("template"):
        template = get_object_or_404(plans.templates_visible_to(athlete), pk=_id(request, "template"))
    session, _ = service.start_session(athlete=athlete, planned_session=planned, template=template)
    return redirect(session)


def _id(request, name) -> int:
    """The id posted as `name`, or 0 (which matches nothing, so the caller answers 404)."""
    return parse_id(request.POST.get(name, "")) or 0


def _set_form_class(item):
    return OneArmSetForm if item.exercise.is_unilateral else SetForm


def _set_form(card, unit, data=None):
    form_class = _set_form_class(card.item)
    initial = {}
    if card.override:
        # The coach's word for this one set: their weight, and their reps or else the method's.
        initial["weight"] = f"{card.override_weight.normalize():f}"
        reps = card.override.reps or (card.advice.reps if card.advice else None)
        if reps and card.item.exercise.is_unilateral:
            initial |= {"reps_left": reps, "reps_right": reps}
        elif reps:
            initial["reps"] = reps
    elif card.advice:
        initial["weight"] = f"{card.advice.weight.normalize():f}"
        reps = card.advice.reps
        if card.item.exercise.is_unilateral:
            initial |= {"reps_left": reps, "reps_right": reps}
        else:
            initial["reps"] = reps
    return form_class(data, unit=unit, initial=initial, prefix=f"ex{card.item.pk}")


def _focus_id(form) -> str:
    """The id of the field a keyboard user should land on: the first one with an error, else the weight."""
    invalid = next((field for field in form if field.errors), None)
    field = invalid or form["weight"]
    return f"{field.auto_id}_0" if field.widget_type == "radioselect" else field.auto_id


def _not_logged(form) -> str:
    errors = [error for field in form for error in field.errors] + list(form.non_field_errors())
    return SET_NOT_LOGGED.format(errors=" ".join(errors))


def _logged_text(logged, card=None) -> str:
    """ "Set 2 logged: 235 lb × 5." for the live region and the page without JavaScript; the set's number
    from the redrawn card when there is one."""
    one_arm = logged.reps_left is not None
    reps = f"left {logged.reps_left}, right {logged.reps_right}" if one_arm else str(logged.reps)
    what = f"{format_weight(logged.weight)} {logged.unit} × {reps}"
    if logged.is_warmup:
        return WARMUP_LOGGED.format(what=what)
    working = [s.pk for s in card.working_sets] if card else []
    if logged.pk in working:
        number = working.index(logged.pk) + 1
    else:
        number = logged.session_exercise.logged_sets.working().filter(logged_at__lte=logged.logged_at).count()
    return SET_LOGGED.format(number=number, what=what)


def _page(request, session, *, bound=None, status=200):
    """The session page; `bound` is (item pk, form) when a submitted form needs its errors shown."""
    athlete = session.athlete
    is_athlete = request.user.pk == athlete.pk
    cards = selectors.session_cards(session, athlete, swaps=is_athlete)
    focus_card = bound[0] if bound else None
    forms = {}
    if is_athlete:
        for card in cards:
            if bound and bound[0] == card.item.pk:
                forms[card.item.pk] = bound[1]
            else:
                forms[card.item.pk] = _set_form(card, athlete.unit)
    focus_id = _focus_id(forms[focus_card]) if focus_card in forms else ""
    context = {
        "session": session,
        "cards": [(card, forms.get(card.item.pk)) for card in cards],
        "is_athlete": is_athlete,
        "focus_id": focus_id,
    }
    return render(request, "training_log/session_detail.html", context, status=status)


@login_required
@private_page
def session_detail(request, pk):
    session = selectors.get_session_for_viewer(request.user, pk)
    return _page(request, session)


def _card_response(request, session, item_pk, form=None, *, announce="", focus=False, logged=None, item=None):
    """htmx: just the card, with what to announce (`logged`: that set) and where the keyboard goes; without
    JavaScript: back to the card on the full page (focus: straight to its weight field). `item`: the session
    exercise as it is now, with its exercise, when the caller has it."""
    if request.htmx:
        if item is not None:
            card = selectors.card_of(session, session.athlete, item)
        else:
            card = selectors.card_for(session, session.athlete, item_pk)
        form = form or _set_form(card, session.athlete.unit)
        if logged is not None:
            announce = _logged_text(logged, card)
        if form.errors:
            announce = _not_logged(form)
        context = {
            "card": card,
            "form": form,
            "session": session,
            "is_athlete": True,
            "announce": announce,
            "focus_id": _focus_id(form) if focus or form.errors else "",
        }
        return render(request, "training_log/_card.html", context)
    if form is not None:
        return _page(request, session, bound=(item_pk, form))
    if logged is not None:
        announce = _logged_text(logged)
    if announce:
        messages.success(request, announce)
    # A fragment naming a field focuses it on arrival (autofocus would be ignored next to any fragment).
    fragment = f"id_ex{item_pk}-weight" if focus else f"card-{item_pk}"
    return redirect(reverse("training_log:session-detail", args=[session.pk]) + f"#{fragment}")


def _card_url(session, item_pk) -> str:
    return reverse("training_log:session-detail", args=[session.pk]) + f"#card-{item_pk}"


def _refused(request, session, item_pk, error: ValidationError):
    """The service said no (the workout was finished, perhaps in another tab): reload the page with why."""
    messages.error(request, error.messages[0])
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect(_card_url(session, item_pk))


@login_required
@require_POST
def set_create(request, pk, item_pk):
    prefix = f"ex{item_pk}"
    # The card drew the form its exercise asks for; log_set checks it against the exercise as it is now.
    form_class = OneArmSetForm if f"{prefix}-reps_left" in request.POST else SetForm
    form = form_class(request.POST, unit=request.user.unit, prefix=prefix)
    if not form.is_valid():
        item = selectors.get_session_exercise_for_athlete(request.user, pk, item_pk)
        if item.exercise.is_unilateral != (form_class is OneArmSetForm):
            form = _set_form_class(item)(request.POST, unit=request.user.unit, prefix=prefix)
            form.is_valid()
        return _card_response(request, item.session, item.pk, form)
    data = form.cleaned_data
    try:
        logged, created = service.log_set(
            athlete=request.user,
            session_exercise=SessionExercise(pk=item_pk, session_id=pk),
            weight=data["weight"],
            unit=request.user.unit,
            reps=data.get("reps"),
            rir=data.get("rir"),
            reps_left=data.get("reps_left"),
            rir_left=data.get("rir_left"),
            reps_right=data.get("reps_right"),
            rir_right=data.get("rir_right"),
            client_id=data["client_id"],
            is_warmup=data.get("is_warmup", False),
        )
    except PermissionDenied:
        # Not the athlete's own workout exercise: their coach is told so (403), anyone else finds nothing.
        selectors.get_session_exercise_for_athlete(request.user, pk, item_pk)
        raise
    except ValidationError as error:
        item = selectors.get_session_exercise_for_athlete(request.user, pk, item_pk)
        if not hasattr(error, "error_dict"):
            return _refused(request, item.session, item.pk, error)
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _card_response(request, item.session, item.pk, form)
    if not created:  # a double tap: the first one, on the card it was sent from, drawn afresh
        item = selectors.get_session_exercise_for_athlete(request.user, pk, item_pk)
        return _card_response(request, item.session, item.pk, logged=logged, focus=True)
    # A new set comes back with its exercise as stored now, its workout and exercise: ready for the card.
    item = logged.session_exercise
    return _card_response(request, item.session, item.pk, logged=logged, focus=True, item=item)


@login_required
@require_http_methods(["GET", "POST"])
def set_edit(request, pk):
    logged = selectors.get_set_for_athlete(request.user, pk)
    session = logged.session_exercise.session
    one_arm = logged.reps_left is not None
    fields = ["weight", "reps_left", "rir_left", "reps_right", "rir_right"] if one_arm else ["weight", "reps", "rir"]
    fields.append("is_warmup")
    initial = {name: getattr(logged, name) for name in fields}
    initial["weight"] = f"{logged.weight.normalize():f}"
    form = SetEditForm(request.POST or None, unit=logged.unit, one_arm=one_arm, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.update_set(actor=request.user, logged=logged, **form.cleaned_data)
        except ValidationError as error:
            return _refused(request, session, logged.session_exercise_id, error)
        messages.success(request, "Set updated.")
        return redirect(_card_url(session, logged.session_exercise_id))
    return render(request, "training_log/set_edit.html", {"form": form, "logged": logged, "session": session})


@login_required
@require_POST
def set_delete(request, pk):
    logged = selectors.get_set_for_athlete(request.user, pk)
    session, item_pk = logged.session_exercise.session, logged.session_exercise_id
    try:
        service.delete_set(actor=request.user, logged=logged)
    except ValidationError as error:
        return _refused(request, session, item_pk, error)
    if not request.htmx:
        messages.info(request, SET_REMOVED)
    return _card_response(request, session, item_pk, announce=SET_REMOVED if request.htmx else "", focus=True)


@login_required
@require_POST
def exercise_skip(request, pk, item_pk):
    session = selectors.get_session_for_athlete(request.user, pk)
    item = selectors.get_session_exercise(session, item_pk)
    try:
        service.set_skipped(actor=request.user, session_exercise=item, skipped=request.POST.get("skipped") == "1")
    except ValidationError as error:
        return _refused(request, session, item.pk, error)
    return _card_response(request, session, item.pk)


@login_required
@require_POST
def exercise_swap(request, pk, item_pk):
    session = selectors.get_session_for_athlete(request.user, pk)
    item = selectors.get_session_exercise(session, item_pk)
    exercise = library.get_pickable_exercise_or_404(request.user, request.POST.get("exercise", ""))
    try:
        service.swap_exercise(actor=request.user, session_exercise=item, exercise=exercise)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(_card_url(session, item.pk))


@login_required
@require_POST
def exercise_note(request, pk, item_pk):
    session = selectors.get_session_for_athlete(request.user, pk)
    item = selectors.get_session_exercise(session, item_pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            service.set_note(actor=request.user, session_exercise=item, note=form.cleaned_data["note"])
        except ValidationError as error:
            return _refused(request, session, item.pk, error)
    else:
        messages.error(request, "Keep the note under 200 characters.")
    return _card_response(request, session, item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def exercise_add(request, pk):
    session = selectors.get_session_for_athlete(request.user, pk)
    if request.method == "POST":
        exercise = library.get_pickable_exercise_or_404(request.user, request.POST.get("exercise", ""))
        try:
            item = service.add_exercise(actor=request.user, session=session, exercise=exercise)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(session)
        return redirect(_card_url(session, item.pk))
    form, notes, exercises = picker(request.GET, viewer=request.user)
    return render(
        request,
        "training_log/exercise_add.html",
        {"session": session, "form": form, "notes": notes, "exercises": exercises},
    )


@login_required
@require_POST
def session_finish(request, pk):
    session = selectors.get_session_for_athlete(request.user, pk)
    service.finish_session(actor=request.user, session=session)
    return redirect("training_log:session-summary", pk=session.pk)


@login_required
@require_POST
def session_reopen(request, pk):
    session = selectors.get_session_for_athlete(request.user, pk)
    service.reopen_session(actor=request.user, session=session)
    messages.success(request, "Workout reopened: change what you need, then finish it again.")
    return redirect(session)


@login_required
def session_summary(request, pk):
    session = selectors.get_session_for_viewer(request.user, pk)
    return _summary_page(request, session)


def _summary_page(request, session, *, comment_form=None):
    """The summary with its comment thread; `comment_form` when a posted comment needs its errors shown."""
    summaries = selectors.session_summary(session, session.athlete)
    comments = selectors.comments_for(request.user, session)
    context = {
        "session": session,
        "summaries": summaries,
        "duration": history.workout_duration(session),
        "total_volume": history.format_volume(sum((summary.volume for summary in summaries), 0)),
        "comments": comments,
        "new_comments": [comment for comment in comments if comment.is_new],
        "comment_form": comment_form or CommentForm(),
        # Whoever sees another athlete's workout coaches them now (sessions_visible_to says so).
        "is_coach_view": session.athlete_id != request.user.pk,
    }
    return render(request, "training_log/session_summary.html", context)


@login_required
@private_page
def log_history(request):
    return _history(request, request.user)


@login_required
def athlete_log(request, athlete_id):
    return _history(request, get_athlete_for_viewer(request.user, athlete_id))


HISTORY_PAGE = 50


def _history(request, athlete):
    """Newest first, 50 a page: an imported history may hold years of workouts."""
    page = Paginator(selectors.history(athlete), HISTORY_PAGE).get_page(request.GET.get("page"))
    unread = selectors.unread_by_session(request.user, athlete)
    rows = [(session, unread.get(session.pk, 0)) for session in page]
    return render(request, "training_log/history.html", {"athlete": athlete, "rows": rows, "page": page})


# Talking about a workout: the comment thread on the summary, and the coach's override of the next set.

COMMENT_POSTED = "Comment posted."
OVERRIDE_SET = "{exercise}: next set {weight} {unit}{reps}. {athlete} sees it on their next workout."
OVERRIDE_CLEARED = "Override cleared: the method decides again."


def _comments_url(session) -> str:
    return reverse("training_log:session-summary", args=[session.pk]) + "#comments"


@login_required
@require_POST
def comment_create(request, pk):
    session = selectors.get_session_for_viewer(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_service.add_comment(
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
    session = selectors.get_session_for_viewer(request.user, pk)
    comment_service.mark_read(actor=request.user, session=session, up_to=parse_id(request.POST.get("up_to", "")))
    if request.htmx:
        # The button goes (nothing is swapped in for it) and the menu's counts are drawn again.
        return render(request, "training_log/_unread_oob.html")
    return redirect(_comments_url(session))


def _coached_athlete(request, athlete_id):
    """An athlete the viewer coaches now: 404 for anyone the viewer cannot see, 403 for themselves."""
    athlete = get_athlete_for_viewer(request.user, athlete_id)
    if athlete.pk == request.user.pk:
        raise PermissionDenied(override_service.ONLY_THE_COACH)
    return athlete


@login_required
@require_http_methods(["GET", "POST"])
def override(request, athlete_id):
    athlete = _coached_athlete(request, athlete_id)
    exercises = list(library.pickable_exercises(athlete).only("pk", "name").order_by("name"))
    initial = {"unit": athlete.unit, "exercise": parse_id(request.GET.get("exercise", ""))}
    form = OverrideForm(request.POST or None, exercises=exercises, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        exercise = next(e for e in exercises if e.pk == data["exercise"])
        try:
            override_service.set_override(
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
            "overrides": selectors.active_overrides(athlete).select_related("exercise"),
        },
    )


@login_required
@require_POST
def override_clear(request, athlete_id, override_id):
    athlete = _coached_athlete(request, athlete_id)
    found = get_object_or_404(selectors.active_overrides(athlete), pk=override_id)
    override_service.clear_override(actor=request.user, override=found)
    messages.success(request, OVERRIDE_CLEARED)
    return redirect("training_log:override", athlete_id=athlete.pk)


def _unread_comments(viewer) -> dict[int, int]:
    """Athlete id -> comments on their workouts the viewer has not read (one query)."""
    return selectors.unread_counts_by_athlete(viewer)


@login_required
@coach_required
@private_page
def coach_dashboard(request):
    """Who needs the coach today: one card per athlete, the ones with flags first."""
    rows = dashboard.dashboard_rows(request.user, timezone.localdate(), unread=_unread_comments(request.user))
    return render(request, "training_log/coach_dashboard.html", {"rows": rows})


@login_required
def coach_athlete(request, athlete_id):
    """One athlete as their coach sees them: the figures, the plan around today, the last workouts."""
    athlete = get_athlete_for_viewer(request.user, athlete_id)
    if athlete.pk == request.user.pk:
        raise Http404("Only an athlete you coach has a coach's page.")
    today = timezone.localdate()
    context = {
        "athlete": athlete,
        "row": dashboard.athlete_figures(athlete, today, unread=_unread_comments(request.user)),
        "plan": dashboard.plan_around(athlete, today),
        "today": today,
        "workouts": dashboard.recent_workouts(athlete),
    }
    return render(request, "training_log/coach_athlete.html", context)


# Progress: strength over time, records and stalls, per exercise (training_log.progress).


@login_required
@private_page
def progress(request):
    return _progress(request, request.user)


@login_required
@private_page
def athlete_progress(request, athlete_id):
    """The same page for an athlete the viewer coaches now (or the athlete themself); anyone else 404."""
    return _progress(request, get_athlete_for_viewer(request.user, athlete_id))


def _progress(request, athlete):
    report = progress_selectors.athlete_progress(athlete, request.GET.get("range"))
    ranges = [(key, label) for key, (label, _) in progress_selectors.RANGES.items()]
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
    exercise = get_object_or_404(library.exercises_visible_to(request.user).only("pk", "name"), pk=exercise_id)
    page, workouts = history.exercise_history(athlete, exercise.pk, request.GET.get("page"))
    context = {"athlete": athlete, "exercise": exercise, "page": page, "workouts": workouts}
    return render(request, "training_log/exercise_history.html", context)


# Taking the data away: what the athlete logged and everything the account holds, only ever their own.


class _Echo:
    """A file-like object whose write returns what it was given: csv.writer then yields lines one by one."""

    def write(self, value):
        return value


def _download(pieces, *, kind: str, extension: str, content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(pieces, content_type=content_type)
    filename = f"scapula-{kind}-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_download(rows, *, kind: str, line_end: str = "\r\n") -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), lineterminator=line_end)
    return _download((writer.writerow(row) for row in rows), kind=kind, extension="csv", content_type="text/csv")


@login_required
def export(request):
    return render(request, "training_log/export.html")


@login_required
def export_sets(request):
    return _csv_download(export_rows.set_rows(request.user), kind="sets")


@login_required
def export_strong(request):
    return _csv_download(export_rows.strong_rows(request.user), kind="strong", line_end="\n")  # as Strong writes it


@login_required
def export_account(request):
    return _download(
        export_rows.account_json(request.user), kind="account", extension="json", content_type="application/json"
    )
