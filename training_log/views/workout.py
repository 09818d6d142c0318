"""Logging a workout: today's plan, starting a workout, its page of exercise cards, and every change to it
(sets logged, corrected and undone; exercises skipped, swapped, annotated and added; the coach's override
dismissed; finishing, reopening). Only the athlete writes (the services check it); their coach reads the
same page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from accounts.pagecache import private_page
from core.parse import parse_id
from exercises.forms import picker
from exercises.selectors import get_pickable_exercise_or_404
from workouts.forms import SkipForm
from workouts.selectors import sessions_visible_to, template_list, templates_visible_to

from ..forms import NoteForm, OneArmSetForm, SetEditForm, SetForm
from ..models import SessionExercise
from ..selectors.cards import card_for, card_of, session_cards
from ..selectors.overrides import get_own_override
from ..selectors.sessions import (
    can_edit,
    get_session_exercise,
    get_session_exercise_for_athlete,
    get_session_for_athlete,
    get_session_for_viewer,
    get_set_for_athlete,
    open_sessions,
    todays_sessions,
)
from ..services.overrides import dismiss_override
from ..services.sessions import (
    add_exercise,
    delete_set,
    finish_session,
    log_set,
    reopen_session,
    set_note,
    set_skipped,
    start_session,
    swap_exercise,
    update_set,
)

SET_LOGGED = "Set {number} logged: {what}."
WARMUP_LOGGED = "Warm-up logged: {what}."
SET_REMOVED = "Set removed."
SET_NOT_LOGGED = "Set not logged: {errors}"
OVERRIDE_DISMISSED = "{exercise}: your coach's weight dismissed, your own advice is back."


@login_required
@private_page()
def today(request):
    athlete = request.user
    return render(
        request,
        "training_log/today.html",
        {
            "planned": todays_sessions(athlete, today=timezone.localdate()),
            "open_sessions": open_sessions(athlete),
            "templates": template_list(athlete),
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
            sessions_visible_to(athlete).filter(athlete=athlete), pk=_id(request, "planned_session")
        )
    elif request.POST.get("template"):
        template = get_object_or_404(templates_visible_to(athlete), pk=_id(request, "template"))
    session, _ = start_session(actor=athlete, planned_session=planned, template=template)
    return redirect(session)


def _id(request, name) -> int:
    """The id posted as `name`, or 0 (which matches nothing, so the caller answers 404)."""
    return parse_id(request.POST.get(name, "")) or 0


def _set_form_class(item):
    return OneArmSetForm if item.exercise.is_unilateral else SetForm


def _set_form(card, unit, data=None):
    """The set form of the card's exercise, starting from the card's next set (selectors.cards.next_set)."""
    initial = {}
    if card.next_set is not None:
        initial["weight"] = f"{card.next_set.weight.normalize():f}"
        reps = card.next_set.reps
        if reps and card.item.exercise.is_unilateral:
            initial |= {"reps_left": reps, "reps_right": reps}
        elif reps:
            initial["reps"] = reps
    return _set_form_class(card.item)(data, unit=unit, initial=initial, prefix=f"ex{card.item.pk}")


def _focus_id(form) -> str:
    """The id of the field a keyboard user should land on: the first one with an error, else the weight."""
    invalid = next((field for field in form if field.errors), None)
    field = invalid or form["weight"]
    return f"{field.auto_id}_0" if field.widget_type == "radioselect" else field.auto_id


def _not_logged(form) -> str:
    errors = [error for field in form for error in field.errors] + list(form.non_field_errors())
    return SET_NOT_LOGGED.format(errors=" ".join(errors))


def _logged_text(logged, card=None) -> str:
    """ "Set 2 logged: 235 lb × 5 @ RIR 1." for the live region and the page without JavaScript; the set's
    number from the redrawn card when there is one."""
    if logged.is_warmup:
        return WARMUP_LOGGED.format(what=logged.text)
    working = [s.pk for s in card.working_sets] if card else []
    if logged.pk in working:
        number = working.index(logged.pk) + 1
    else:
        number = logged.session_exercise.logged_sets.working().filter(logged_at__lte=logged.logged_at).count()
    return SET_LOGGED.format(number=number, what=logged.text)


def _page(request, session, *, bound=None, status=200):
    """The session page; `bound` is (item pk, form) when a submitted form needs its errors shown."""
    athlete = session.athlete
    is_athlete = request.user.pk == athlete.pk
    cards = session_cards(session, request.user)
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
        "can_edit": can_edit(request.user, session),
        "focus_id": focus_id,
    }
    return render(request, "training_log/session_detail.html", context, status=status)


@login_required
@private_page()
def session_detail(request, pk):
    session = get_session_for_viewer(request.user, pk)
    return _page(request, session)


def _card_response(request, session, item_pk, form=None, *, announce="", focus=False, logged=None, item=None):
    """htmx: just the card, with what to announce (`logged`: that set) and where the keyboard goes; without
    JavaScript: back to the card on the full page (focus: straight to its weight field). `item`: the session
    exercise as it is now, with its exercise, when the caller has it."""
    if request.htmx:
        card = card_of(session, request.user, item) if item is not None else card_for(session, request.user, item_pk)
        form = form or _set_form(card, session.athlete.unit)
        if logged is not None:
            announce = _logged_text(logged, card)
        if form.errors:
            announce = _not_logged(form)
        context = {
            "card": card,
            "form": form,
            "session": session,
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
        item = get_session_exercise_for_athlete(request.user, pk, item_pk)
        if item.exercise.is_unilateral != (form_class is OneArmSetForm):
            form = _set_form_class(item)(request.POST, unit=request.user.unit, prefix=prefix)
            form.is_valid()
        return _card_response(request, item.session, item.pk, form)
    data = form.cleaned_data
    try:
        logged, created = log_set(
            actor=request.user,
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
        get_session_exercise_for_athlete(request.user, pk, item_pk)
        raise
    except ValidationError as error:
        item = get_session_exercise_for_athlete(request.user, pk, item_pk)
        if not hasattr(error, "error_dict"):
            return _refused(request, item.session, item.pk, error)
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _card_response(request, item.session, item.pk, form)
    if not created:  # a double tap: the first one, on the card it was sent from, drawn afresh
        item = get_session_exercise_for_athlete(request.user, pk, item_pk)
        return _card_response(request, item.session, item.pk, logged=logged, focus=True)
    # A new set comes back with its exercise as stored now, its workout and exercise: ready for the card.
    item = logged.session_exercise
    return _card_response(request, item.session, item.pk, logged=logged, focus=True, item=item)


@login_required
@require_http_methods(["GET", "POST"])
def set_edit(request, pk):
    logged = get_set_for_athlete(request.user, pk)
    session = logged.session_exercise.session
    one_arm = logged.reps_left is not None
    fields = ["weight", "reps_left", "rir_left", "reps_right", "rir_right"] if one_arm else ["weight", "reps", "rir"]
    fields.append("is_warmup")
    initial = {name: getattr(logged, name) for name in fields}
    initial["weight"] = f"{logged.weight.normalize():f}"
    form = SetEditForm(request.POST or None, unit=logged.unit, one_arm=one_arm, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_set(actor=request.user, logged=logged, **form.cleaned_data)
        except ValidationError as error:
            return _refused(request, session, logged.session_exercise_id, error)
        messages.success(request, "Set updated.")
        return redirect(_card_url(session, logged.session_exercise_id))
    return render(request, "training_log/set_edit.html", {"form": form, "logged": logged, "session": session})


@login_required
@require_POST
def set_delete(request, pk):
    logged = get_set_for_athlete(request.user, pk)
    session, item_pk = logged.session_exercise.session, logged.session_exercise_id
    try:
        delete_set(actor=request.user, logged=logged)
    except ValidationError as error:
        return _refused(request, session, item_pk, error)
    if not request.htmx:
        messages.info(request, SET_REMOVED)
    return _card_response(request, session, item_pk, announce=SET_REMOVED if request.htmx else "", focus=True)


@login_required
@require_POST
def exercise_skip(request, pk, item_pk):
    session = get_session_for_athlete(request.user, pk)
    item = get_session_exercise(session, item_pk)
    try:
        set_skipped(actor=request.user, session_exercise=item, skipped=request.POST.get("skipped") == "1")
    except ValidationError as error:
        return _refused(request, session, item.pk, error)
    return _card_response(request, session, item.pk)


@login_required
@require_POST
def override_dismiss(request, pk, item_pk, override_id):
    """ "Use my own advice" on a card that shows the coach's word. Only the athlete's own override is found
    (404 for anyone else, their coach too); a second tap finds it dismissed and changes nothing."""
    override = get_own_override(request.user, override_id)
    item = get_session_exercise_for_athlete(request.user, pk, item_pk)
    dismiss_override(actor=request.user, override=override)
    announce = OVERRIDE_DISMISSED.format(exercise=item.exercise.name)
    return _card_response(request, item.session, item.pk, announce=announce)


@login_required
@require_POST
def exercise_swap(request, pk, item_pk):
    session = get_session_for_athlete(request.user, pk)
    item = get_session_exercise(session, item_pk)
    exercise = get_pickable_exercise_or_404(request.user, request.POST.get("exercise", ""))
    try:
        swap_exercise(actor=request.user, session_exercise=item, exercise=exercise)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(_card_url(session, item.pk))


@login_required
@require_POST
def exercise_note(request, pk, item_pk):
    session = get_session_for_athlete(request.user, pk)
    item = get_session_exercise(session, item_pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            set_note(actor=request.user, session_exercise=item, note=form.cleaned_data["note"])
        except ValidationError as error:
            return _refused(request, session, item.pk, error)
    else:
        messages.error(request, "Keep the note under 200 characters.")
    return _card_response(request, session, item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def exercise_add(request, pk):
    session = get_session_for_athlete(request.user, pk)
    if request.method == "POST":
        exercise = get_pickable_exercise_or_404(request.user, request.POST.get("exercise", ""))
        try:
            item = add_exercise(actor=request.user, session=session, exercise=exercise)
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
    session = get_session_for_athlete(request.user, pk)
    finish_session(actor=request.user, session=session)
    return redirect("training_log:session-summary", pk=session.pk)


@login_required
@require_POST
def session_reopen(request, pk):
    session = get_session_for_athlete(request.user, pk)
    reopen_session(actor=request.user, session=session)
    messages.success(request, "Workout reopened: change what you need, then finish it again.")
    return redirect(session)
