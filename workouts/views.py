from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.pagecache import private_page
from accounts.selectors import athletes_visible_to, get_athlete_for_viewer
from exercises import selectors as library
from exercises.forms import picker

from . import selectors, services
from .forms import (
    ON_CONFLICT_CHOICES,
    AssignForm,
    MoveForm,
    PlannedExerciseFormSet,
    SkipForm,
    TemplateForm,
    TemplateItemFormSet,
)


@login_required
def template_list(request):
    templates = list(selectors.template_list(request.user))
    return render(
        request,
        "workouts/template_list.html",
        {"mine": [t for t in templates if t.owner_id], "public": [t for t in templates if not t.owner_id]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_create(request):
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = services.create_template(actor=request.user, **form.cleaned_data)
        messages.success(request, "Template created. Now add its exercises.")
        return redirect("workouts:template-item-add", pk=template.pk)
    return render(request, "workouts/template_create.html", {"form": form})


@login_required
def template_detail(request, pk):
    template = selectors.get_template_for_viewer(request.user, pk)
    return render(request, "workouts/template_detail.html", {"template": template})


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, pk):
    """Name, notes and every item on one page. Up, down and remove are submit buttons, so they work
    without JavaScript; they save what was typed too, or show its errors and move nothing."""
    template = selectors.get_template_for_owner(request.user, pk)
    form = TemplateForm(request.POST or None, instance=template, prefix="template")
    formset = TemplateItemFormSet(
        request.POST or None,
        instance=template,
        queryset=template.items.select_related("exercise").order_by("position", "pk"),
        prefix="items",
    )
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            # Only the stored items: a form with no pk exists only in a tampered POST, and has no exercise.
            stored = [f.instance for f in formset.forms if f.instance.pk]
            items, removed = _apply_action(request.POST.get("action", "save"), stored)
            services.save_items(actor=request.user, template=template, items=items, removed=removed)
            if request.POST.get("action") == "add":
                return redirect("workouts:template-item-add", pk=template.pk)
            messages.success(request, "Template saved.")
            return redirect("workouts:template-edit", pk=template.pk)
        messages.error(request, "Nothing was saved: fix the fields marked below.")
    return render(request, "workouts/template_edit.html", {"template": template, "form": form, "formset": formset})


def _apply_action(action: str, items: list) -> tuple[list, list]:
    """("up:2" | "down:2" | "remove:2" | "save" | "add", items in order) -> (items in new order, removed)."""
    verb, _, index = action.partition(":")
    i = {str(n): n for n in range(len(items))}.get(index)  # only the indexes the page shows; no int()
    if i is None:
        return items, []
    if verb == "remove":
        return items[:i] + items[i + 1 :], [items[i]]
    j = i - 1 if verb == "up" else i + 1 if verb == "down" else i
    if 0 <= j < len(items):
        items[i], items[j] = items[j], items[i]
    return items, []


@login_required
@require_http_methods(["GET", "POST"])
def template_item_add(request, pk):
    template = selectors.get_template_for_owner(request.user, pk)
    if request.method == "POST":
        exercise = library.get_pickable_exercise_or_404(request.user, request.POST.get("exercise", ""))
        try:
            services.add_item(actor=request.user, template=template, exercise=exercise)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("workouts:template-edit", pk=template.pk)
        messages.success(request, f"{exercise.name} added. Adjust its sets and reps below.")
        return redirect("workouts:template-edit", pk=template.pk)
    form, notes, exercises = picker(request.GET, viewer=request.user)
    return render(
        request,
        "workouts/template_item_add.html",
        {"template": template, "form": form, "notes": notes, "exercises": exercises},
    )


@login_required
@require_POST
def template_copy(request, pk):
    template = selectors.get_template_for_viewer(request.user, pk)
    copy = services.copy_template(actor=request.user, template=template)
    messages.success(request, f"“{copy.name}” is yours to change.")
    return redirect("workouts:template-edit", pk=copy.pk)


@login_required
@require_http_methods(["GET", "POST"])
def template_delete(request, pk):
    template = selectors.get_template_for_owner(request.user, pk)
    if request.method == "POST":
        services.delete_template(actor=request.user, template=template)
        messages.success(request, f"“{template.name}” deleted. Sessions already planned from it stay as they were.")
        return redirect("workouts:template-list")
    return render(request, "workouts/template_delete.html", {"template": template})


@login_required
@require_http_methods(["GET", "POST"])
def template_assign(request, pk):
    """The form, then a preview of the dates (POST, nothing stored), then the save (POST with action=save).
    "Back to edit" (action=edit) shows the form again with what was typed."""
    template = selectors.get_template_for_viewer(request.user, pk)
    form = AssignForm(
        request.POST or None,
        template=template,
        athletes=athletes_visible_to(request.user).order_by("username"),
        templates=selectors.templates_visible_to(request.user),
        viewer=request.user,
    )
    action = request.POST.get("action", "")
    context = {"template": template, "form": form}
    if request.method == "POST" and action != "edit" and form.is_valid():
        data = form.cleaned_data
        today = timezone.localdate()
        plan = {
            "athletes": list(data["athletes"]),
            "templates": [template] + ([data["alternate_with"]] if data["alternate_with"] else []),
            "start": data["start_date"],
            "weekdays": data["weekdays"],
            "weeks": data["weeks"],
        }
        try:
            if action == "save":
                result = services.assign(
                    actor=request.user,
                    **plan,
                    submission_id=data["submission_id"],
                    # No answer: the preview showed no date taken; if one is now, the service says so.
                    on_conflict=data["on_conflict"] or None,
                    allow_past=data["allow_past"],
                    today=today,
                )
                return _assigned(request, result, plan["athletes"])
            services.check_assignment(actor=request.user, **plan, allow_past=data["allow_past"], today=today)
        except ValidationError as error:
            # A date taken: the preview again, asking what to do there. Anything else: the form, saying why.
            form.add_error("on_conflict" if error.code == services.CONFLICTS else None, error)
        except PermissionDenied as error:
            # The form offered only these athletes; a link that ended since then lands here.
            form.add_error(None, str(error))
        if not form.errors or form.has_error("on_conflict", services.CONFLICTS):
            preview = selectors.assignment_preview(viewer=request.user, **plan, today=today)
            context |= {"preview": preview, "conflict_options": _conflict_options(form, preview)}
    return render(request, "workouts/template_assign.html", context)


def _conflict_options(form, preview) -> list[dict]:
    """The three answers to "some dates are already planned", each with what it would do."""
    chosen = form["on_conflict"].value()
    return [
        {
            "value": value,
            "label": label,
            "count": preview.counts[value],
            "note": preview.notes[value],
            "checked": chosen == value,
        }
        for value, label in ON_CONFLICT_CHOICES
    ]


def _assigned(request, result, athletes):
    if result.created:
        for outcome in result.outcomes:
            messages.success(request, outcome.message)
    else:
        messages.info(request, "That assignment was already saved: nothing was planned twice.")
    if len(athletes) == 1 and athletes[0] != request.user:
        return redirect("workouts:athlete-plan", athlete_id=athletes[0].pk)
    return redirect("workouts:plan")


@login_required
@require_POST
def template_reapply(request, pk):
    template = selectors.get_template_for_owner(request.user, pk)
    count = services.reapply_template(actor=request.user, template=template, today=timezone.localdate())
    messages.success(request, f"Updated {count} upcoming session{'s' if count != 1 else ''} you planned from it.")
    return redirect("workouts:template-detail", pk=template.pk)


PLAN_SESSIONS_MAX = 60


def _plan_page(request, athlete, **context):
    today = timezone.localdate()
    sessions = selectors.plan_sessions(athlete, viewer=request.user, today=today)[:PLAN_SESSIONS_MAX]
    return render(request, "workouts/plan.html", {"athlete": athlete, "sessions": sessions, "today": today, **context})


@login_required
@private_page()
def plan(request):
    """Your own plan; a coach sees their athletes' coming week above it."""
    week = selectors.coached_week(request.user, today=timezone.localdate()) if request.user.is_coach else None
    return _plan_page(request, request.user, coached_week=week)


@login_required
def athlete_plan(request, athlete_id):
    return _plan_page(request, get_athlete_for_viewer(request.user, athlete_id))


@login_required
def session_detail(request, pk):
    session = selectors.get_session_for_viewer(request.user, pk, today=timezone.localdate())
    return render(request, "workouts/session_detail.html", {"session": session, "skip_form": SkipForm()})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = selectors.get_session_for_planner(request.user, pk)
    exercises = list(session.exercises.all())
    custom = library.custom_swap_choices(session.athlete, request.user)
    choices = library.swap_choices([e.exercise_id for e in exercises], custom=custom)
    formset = PlannedExerciseFormSet(
        request.POST or None,
        queryset=session.exercises.all(),
        form_kwargs={"exercise_choices": choices},
        prefix="exercises",
    )
    if request.method == "POST":
        if formset.is_valid():
            # Only the stored exercises: an extra form exists only in a tampered POST (and has no cleaned data).
            exercises = [f.save(commit=False) for f in formset.forms if f.instance.pk]
            services.save_session_exercises(actor=request.user, session=session, exercises=exercises)
            day = selectors.day_label(session.date)
            messages.success(request, f"{session.name} on {day} changed for {session.athlete.public_name}.")
            return redirect(session.get_absolute_url())
        messages.error(request, "Nothing was saved: fix the fields marked below.")
    return render(request, "workouts/session_edit.html", {"session": session, "formset": formset})


# Correcting a plan: each action is a POST; deleting and ending an assignment ask first.


def _back_to_plan(session):
    """Where the planner came from: the athlete's plan (their own /plan/ if they planned for themselves)."""
    if session.planned_by_id == session.athlete_id:
        return redirect("workouts:plan")
    return redirect("workouts:athlete-plan", athlete_id=session.athlete_id)


@login_required
@require_http_methods(["GET", "POST"])
def session_move(request, pk):
    session = selectors.get_session_for_planner(request.user, pk)
    form = MoveForm(request.POST or None, initial={"date": session.date})
    if request.method == "POST" and form.is_valid():
        try:
            services.move_session(actor=request.user, session=session, date=form.cleaned_data["date"])
        except ValidationError as error:
            form.add_error("date", error)
        else:
            messages.success(request, f"Moved to {selectors.day_label(form.cleaned_data['date'])}.")
            return redirect(session.get_absolute_url())
    return render(request, "workouts/session_move.html", {"session": session, "form": form})


@login_required
@require_POST
def session_cancel(request, pk):
    session = selectors.get_session_for_planner(request.user, pk)
    services.cancel_session(actor=request.user, session=session)
    messages.success(request, f"Cancelled. {session.name} on {selectors.day_label(session.date)} is off the plan.")
    return _back_to_plan(session)


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request, pk):
    session = selectors.get_session_for_planner(request.user, pk)
    if request.method == "POST":
        services.delete_session(actor=request.user, session=session)
        messages.success(request, f"Deleted {session.name} on {selectors.day_label(session.date)}.")
        return _back_to_plan(session)
    return render(request, "workouts/session_delete.html", {"session": session})


def _after_skip(request, session):
    """Back where the athlete pressed it: /today/ or the session's page."""
    if request.POST.get("from") == "today":
        return redirect(reverse("training_log:today"))
    return redirect(session.get_absolute_url())


@login_required
@require_POST
def session_skip(request, pk):
    session = selectors.get_session_for_athlete(request.user, pk)
    form = SkipForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return _after_skip(request, session)
    services.skip_session(actor=request.user, session=session, reason=form.cleaned_data["reason"])
    messages.success(request, f"Skipped {session.name} on {selectors.day_label(session.date)}. Your coach sees why.")
    return _after_skip(request, session)


@login_required
@require_POST
def session_unskip(request, pk):
    session = selectors.get_session_for_athlete(request.user, pk)
    services.undo_skip(actor=request.user, session=session)
    messages.success(request, f"{session.name} is back on your plan.")
    return _after_skip(request, session)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_end(request, pk):
    today = timezone.localdate()
    assignment = selectors.get_assignment_for_planner(request.user, pk, today=today)
    if request.method == "POST":
        try:
            count = services.end_assignment(actor=request.user, assignment=assignment, today=today)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"Assignment ended: {count} upcoming session{'s' if count != 1 else ''} removed.")
        if len(assignment.athletes) == 1 and assignment.athletes[0] != request.user:
            return redirect("workouts:athlete-plan", athlete_id=assignment.athletes[0].pk)
        return redirect("workouts:plan")
    return render(request, "workouts/assignment_end.html", {"assignment": assignment})
