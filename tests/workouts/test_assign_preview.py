"""Assigning over an existing plan: the preview, the three answers to a date already planned, and the past.

The issue's case: a coach assigned a template Mon/Thu for 4 weeks on top of the athlete's Mon/Thu plan and
got 16 sessions, one of them today after the athlete had trained. Now the first submit shows the dates and
the conflicts, and the service itself skips, replaces or adds as chosen.
"""

import datetime
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import CoachingLink
from tests.factories import PlannedSessionFactory, TrainingSessionFactory, UserFactory, WorkoutTemplateFactory
from tests.test_fuzz import JUNK
from training_log.models import TrainingSession
from workouts import selectors, services
from workouts.forms import START_TOO_EARLY
from workouts.models import Assignment, PlannedSession
from workouts.selectors import FORMER_COACH, assignment_preview, day_label
from workouts.services import CHOOSE_ON_CONFLICT, START_IN_PAST

DAY = datetime.timedelta(days=1)


@pytest.fixture
def template(public_templates, coach):
    """Carol's own copy of Upper back A, renamed as in the issue."""
    template = services.copy_template(template=public_templates["upper-back-a"], actor=coach)
    template.name = "Casey upper A"
    template.save()
    return template


@pytest.fixture
def today():
    return timezone.localdate()


def _days(today):
    """Today's weekday and the one three days later: 'Mon/Thu' when today is a Monday."""
    return [today.isoweekday(), (today + 3 * DAY).isoweekday()]


def _plan(athlete, planned_by, day, name="Existing plan", **fields):
    return PlannedSessionFactory(athlete=athlete, planned_by=planned_by, date=day, name=name, **fields)


def _done(session):
    """The athlete trained it: a finished workout from this planned session."""
    now = timezone.now()
    TrainingSessionFactory(planned_session=session, started_at=now, finished_at=now)
    PlannedSession.objects.filter(pk=session.pk).update(started_at=now)


def _assign(coach, athlete, template, start, weekdays, weeks=4, **options):
    return services.assign(
        actor=coach,
        athletes=[athlete],
        templates=[template],
        start=start,
        weekdays=weekdays,
        weeks=weeks,
        submission_id=uuid.uuid4(),
        **options,
    )


@pytest.fixture
def existing_plan(coach, athlete, template, today):
    """The athlete's current block: the same two weekdays for 4 weeks from today, planned by Carol;
    today's session is already done."""
    sessions = [
        _plan(athlete, coach, day) for day in selectors.session_dates(start=today, weekdays=_days(today), weeks=4)
    ]
    _done(sessions[0])
    return sessions


def _live(athlete):
    return PlannedSession.objects.filter(athlete=athlete, cancelled_at__isnull=True).order_by("date", "pk")


# The service: the case, in each mode


def test_skip_plans_nothing_over_the_existing_block(coach, athlete, template, today, existing_plan):
    result = _assign(coach, athlete, template, today, _days(today), on_conflict="skip", today=today)
    assert result.created and result.assignment.sessions.count() == 0
    assert list(_live(athlete)) == existing_plan
    assert result.outcomes[0].message == "Planned 0 sessions for Alice Athlete (8 dates skipped: already planned)."


def test_replace_swaps_the_unstarted_sessions_and_keeps_todays_done_one(coach, athlete, template, today, existing_plan):
    result = _assign(coach, athlete, template, today, _days(today), on_conflict="replace", today=today)
    done = existing_plan[0]
    assert [(s.date, s.name) for s in _live(athlete)] == [(done.date, "Existing plan")] + [
        (s.date, "Casey upper A") for s in existing_plan[1:]
    ]
    assert TrainingSession.objects.get().planned_session_id == done.pk  # the workout still points at its session
    message = "Planned 7 sessions for Alice Athlete (7 replaced; 1 date skipped: already planned)."
    assert result.outcomes[0].message == message


def test_add_anyway_doubles_every_date_as_before(coach, athlete, template, today, existing_plan):
    result = _assign(coach, athlete, template, today, _days(today), on_conflict="add", today=today)
    assert _live(athlete).count() == 16
    assert result.outcomes[0].message == "Planned 8 sessions for Alice Athlete (8 on dates already planned)."


def test_skip_is_what_the_service_does_unless_told(coach, athlete, template, today, existing_plan):
    _assign(coach, athlete, template, today, _days(today), today=today)
    assert _live(athlete).count() == 8


# The service: what replace never touches


def test_replace_keeps_the_athletes_own_session_and_plans_nothing_that_day(coach, athlete, template, monday):
    own = _plan(athlete, athlete, monday, name="My legs")
    result = _assign(coach, athlete, template, monday, [1], weeks=2, on_conflict="replace")
    assert list(_live(athlete).filter(date=monday)) == [own]
    assert _live(athlete).filter(date=monday + 7 * DAY, name="Casey upper A").exists()
    assert result.outcomes[0].skipped == 1 and result.outcomes[0].replaced == 0


def test_replace_keeps_a_former_coachs_session(coach, athlete, template, monday):
    former = UserFactory(username="former", display_name="Fay Former", is_coach=True)
    CoachingLink.objects.create(coach=former, athlete=athlete, ended_at=timezone.now())
    theirs = _plan(athlete, former, monday, name="Fay's plan")
    _assign(coach, athlete, template, monday, [1], weeks=1, on_conflict="replace")
    assert list(_live(athlete)) == [theirs]


def test_replace_keeps_a_started_session(coach, athlete, template, monday):
    started = _plan(athlete, coach, monday)
    TrainingSessionFactory(planned_session=started, started_at=timezone.now())
    PlannedSession.objects.filter(pk=started.pk).update(started_at=timezone.now())
    _assign(coach, athlete, template, monday, [1], weeks=1, on_conflict="replace")
    assert list(_live(athlete)) == [started]


def test_replace_leaves_a_date_alone_when_one_of_its_sessions_must_stay(coach, athlete, template, monday):
    """Removing Carol's session and not planning the new one would only lose a session."""
    mine, own = _plan(athlete, coach, monday), _plan(athlete, athlete, monday, name="My legs")
    _assign(coach, athlete, template, monday, [1], weeks=1, on_conflict="replace")
    assert list(_live(athlete)) == [mine, own]


def test_replace_removes_a_skipped_or_missed_session_the_coach_planned(coach, athlete, template, today):
    yesterday = today - DAY
    missed = _plan(athlete, coach, yesterday)
    skipped = _plan(athlete, coach, today, skipped_at=timezone.now(), skip_reason="Sore")
    _assign(coach, athlete, template, yesterday, range(1, 8), weeks=1, on_conflict="replace", allow_past=True)
    assert not PlannedSession.objects.filter(pk__in=[missed.pk, skipped.pk]).exists()
    assert _live(athlete).filter(name="Casey upper A").count() == 7


def test_a_cancelled_session_is_no_conflict(coach, athlete, template, monday):
    _plan(athlete, coach, monday, cancelled_at=timezone.now())
    result = _assign(coach, athlete, template, monday, [1], weeks=1, on_conflict="skip")
    assert result.outcomes[0].planned == 1 and result.outcomes[0].skipped == 0


def test_another_athletes_session_is_no_conflict(coach, athlete, other_athlete, template, monday):
    _plan(other_athlete, other_athlete, monday)
    result = _assign(coach, athlete, template, monday, [1], weeks=1, on_conflict="skip")
    assert result.outcomes[0].planned == 1


def test_the_same_submission_twice_stores_once_whatever_the_answer(coach, athlete, template, monday):
    submission = uuid.uuid4()
    plan = {
        "actor": coach, "athletes": [athlete], "templates": [template], "start": monday,
        "weekdays": [1, 4], "weeks": 4, "submission_id": submission,
    }  # fmt: skip
    first = services.assign(**plan, on_conflict="add")
    again = services.assign(**plan, on_conflict="add")
    assert first.created and not again.created and again.assignment == first.assignment
    assert PlannedSession.objects.count() == 8


def test_no_answer_refuses_when_a_date_is_taken_and_plans_when_none_is(coach, athlete, template, monday):
    """What the page sends when its preview showed no date taken: a date taken since is refused, not doubled."""
    _assign(coach, athlete, template, monday, [1], weeks=1, on_conflict=None)
    with pytest.raises(ValidationError, match=re.escape(CHOOSE_ON_CONFLICT)):
        _assign(coach, athlete, template, monday, [1], weeks=1, on_conflict=None)
    assert PlannedSession.objects.count() == 1 and Assignment.objects.count() == 1


def test_a_double_tap_on_assign_stores_once_and_says_so(client, coach, athlete, template, monday):
    client.force_login(coach)
    data = _form([athlete], monday, action="save")
    assert "Planned 8 sessions for Alice Athlete." in _text(_post(client, template, data))
    html = _text(_post(client, template, data))
    assert "That assignment was already saved: nothing was planned twice." in html
    assert PlannedSession.objects.count() == 8


def test_an_unknown_answer_is_refused(coach, athlete, template, monday):
    with pytest.raises(ValidationError, match=re.escape(CHOOSE_ON_CONFLICT)):
        _assign(coach, athlete, template, monday, [1], on_conflict="overwrite")
    assert not Assignment.objects.exists()


# The service: the past


def test_a_start_in_the_past_is_refused_without_allow_past(coach, athlete, template, today):
    with pytest.raises(ValidationError, match=re.escape(START_IN_PAST)):
        _assign(coach, athlete, template, today - DAY, range(1, 8), weeks=1, today=today)
    assert not PlannedSession.objects.exists()


def test_a_start_in_the_past_is_planned_with_allow_past(coach, athlete, template, today):
    _assign(coach, athlete, template, today - DAY, range(1, 8), weeks=1, allow_past=True, today=today)
    assert _live(athlete).first().date == today - DAY


def test_today_is_the_planners_today(coach, athlete, template):
    """The service compares with the date it is given (the planner's local date), not the server's."""
    start = datetime.date(2030, 1, 7)
    with pytest.raises(ValidationError):
        _assign(coach, athlete, template, start, [1], weeks=1, today=start + DAY)
    _assign(coach, athlete, template, start, [1], weeks=1, today=start)
    assert PlannedSession.objects.get().date == start


# The preview selector


def test_preview_lists_each_date_with_its_template_alternating(public_templates, coach, athlete, monday):
    a, b = public_templates["upper-back-a"], public_templates["upper-back-b"]
    preview = assignment_preview(
        viewer=coach, athletes=[athlete], templates=[a, b], start=monday, weekdays=[1, 4], weeks=2, today=monday
    )
    (alice,) = preview.athletes
    assert alice.name == "Alice Athlete"
    assert [(d.label, d.template_name) for d in alice.dates] == [
        (day_label(monday), "Upper back A"),
        (day_label(monday + 3 * DAY), "Upper back B"),
        (day_label(monday + 7 * DAY), "Upper back A"),
        (day_label(monday + 10 * DAY), "Upper back B"),
    ]
    assert preview.counts == {"skip": 4, "replace": 4, "add": 4} and preview.conflicts == 0


def test_day_label_reads_like_a_calendar():
    assert day_label(datetime.date(2026, 12, 7)) == "Mon 7 Dec"


def test_preview_says_who_planned_each_conflict_its_state_and_whether_replace_keeps_it(coach, athlete, template, today):
    former = UserFactory(username="former", display_name="Fay Former", is_coach=True)
    _done(_plan(athlete, coach, today, name="Upper A"))
    _plan(athlete, athlete, today + DAY, name="My legs")
    _plan(athlete, coach, today + 2 * DAY, name="Upper B")
    _plan(athlete, former, today + 3 * DAY, name="Old plan")
    former.delete()  # the session stays, planned by nobody now
    _plan(athlete, coach, today + 4 * DAY, name="Gone", cancelled_at=timezone.now())
    preview = assignment_preview(
        viewer=coach, athletes=[athlete], templates=[template], start=today, weekdays=range(1, 8), weeks=1,
        today=today,
    )  # fmt: skip
    seen = [
        (day.date - today, s.name, s.planned_by, s.state, s.kept_because)
        for day in preview.athletes[0].dates
        for s in day.existing
    ]
    assert seen == [
        (0 * DAY, "Upper A", "you", "Done", "done"),
        (1 * DAY, "My legs", "Alice Athlete", "Planned", "planned by Alice Athlete"),
        (2 * DAY, "Upper B", "you", "Planned", ""),
        (3 * DAY, "Old plan", FORMER_COACH, "Planned", f"planned by {FORMER_COACH}"),
    ]
    assert preview.counts == {"skip": 3, "replace": 4, "add": 7}


def test_preview_reads_in_one_query_for_ten_athletes_over_26_weeks(
    coach, template, monday, django_assert_max_num_queries
):
    athletes = _ten_athletes_with_a_plan(coach, monday)
    with django_assert_max_num_queries(1):
        preview = assignment_preview(
            viewer=coach, athletes=athletes, templates=[template], start=monday, weekdays=[1, 4], weeks=26,
            today=monday,
        )  # fmt: skip
    assert preview.conflicts == 10 * 52 and preview.count("skip") == 0


def _ten_athletes_with_a_plan(coach, monday):
    athletes = UserFactory.create_batch(10)
    CoachingLink.objects.bulk_create(CoachingLink(coach=coach, athlete=a) for a in athletes)
    dates = selectors.session_dates(start=monday, weekdays=[1, 4], weeks=26)
    PlannedSession.objects.bulk_create(
        PlannedSession(athlete=a, planned_by=a, date=day, name="Own plan") for a in athletes for day in dates
    )
    return athletes


# The page

URL = "/workouts/templates/{}/assign/"


def _form(athletes, start, **changes):
    data = {
        "athletes": [a.pk for a in athletes],
        "start_date": start.isoformat(),
        "weekdays": [1, 4],
        "weeks": 4,
        "submission_id": str(uuid.uuid4()),
        "alternate_with": "",
    }
    return {**data, **changes}


def _post(client, template, data):
    return client.post(URL.format(template.pk), data, follow=True)


def _html(response):
    return re.sub(r"\s+", " ", response.content.decode())


def _text(response):
    """What the page says, without its tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(" .", ".")


def test_the_first_submit_shows_the_dates_and_stores_nothing(client, coach, athlete, template, monday):
    client.force_login(coach)
    response = _post(client, template, _form([athlete], monday))
    html = _text(response)
    assert "Check the dates" in html and "For Alice Athlete" in html
    for week in range(4):
        assert day_label(monday + week * 7 * DAY) in html and day_label(monday + (week * 7 + 3) * DAY) in html
    assert "Assign 8 sessions" in html and "none already planned" in html
    assert not Assignment.objects.exists() and not PlannedSession.objects.exists()


def test_the_preview_carries_what_was_typed_to_the_save(client, coach, athlete, template, monday):
    client.force_login(coach)
    data = _form([athlete], monday, weeks=3)
    html = _html(_post(client, template, data))
    assert f'name="submission_id" value="{data["submission_id"]}"' in html
    assert 'type="hidden" name="weeks" value="3"' in html
    assert f'type="hidden" name="start_date" value="{monday.isoformat()}"' in html
    response = _post(client, template, {**data, "action": "save"})
    assert "Planned 6 sessions for Alice Athlete." in _text(response)
    assert PlannedSession.objects.count() == 6


def test_the_preview_shows_conflicts_in_words_and_asks_what_to_do(
    client, coach, athlete, template, today, existing_plan
):
    _plan(athlete, athlete, today + 7 * DAY, name="My legs")
    client.force_login(coach)
    html = _text(_post(client, template, _form([athlete], today, weekdays=_days(today))))
    assert "8 already planned" in html
    assert "Already planned: Existing plan, by you, done. Kept: done." in html
    assert "Already planned: Existing plan, by you, planned. Replace removes it." in html
    assert "Already planned: My legs, by Alice Athlete, planned. Kept: planned by Alice Athlete." in html
    for label in ("Skip those dates", "Replace the sessions not started yet", "Add anyway"):
        assert label in html
    assert "0 sessions. Leaves 8 dates as they are." in html
    assert "6 sessions. Removes 6 sessions not started yet; keeps 2 dates" in html
    assert "8 sessions. 8 dates will hold two sessions." in html
    assert not Assignment.objects.exists()


def test_saving_over_conflicts_without_an_answer_asks_again(client, coach, athlete, template, today, existing_plan):
    client.force_login(coach)
    data = _form([athlete], today, weekdays=_days(today), action="save")
    html = _text(_post(client, template, data))
    assert escape(CHOOSE_ON_CONFLICT) in html and "Check the dates" in html
    assert not Assignment.objects.exists() and _live(athlete).count() == 8


def test_a_session_planned_between_preview_and_save_is_not_doubled(client, coach, athlete, template, monday):
    """The preview showed free dates; someone planned Monday meanwhile; the save asks instead of doubling it."""
    client.force_login(coach)
    data = _form([athlete], monday, weeks=1)
    assert "none already planned" in _text(_post(client, template, data))
    _plan(athlete, athlete, monday, name="My legs")
    html = _text(_post(client, template, {**data, "action": "save"}))
    assert escape(CHOOSE_ON_CONFLICT) in html
    assert list(_live(athlete).values_list("name", flat=True)) == ["My legs"]


def test_skipping_from_the_page_says_how_many_dates_were_skipped(client, coach, athlete, template, monday):
    _plan(athlete, athlete, monday, name="My legs")
    _plan(athlete, athlete, monday + 3 * DAY, name="My legs")
    client.force_login(coach)
    response = _post(client, template, _form([athlete], monday, action="save", on_conflict="skip"))
    assert response.redirect_chain[-1][0] == f"/plan/athletes/{athlete.pk}/"
    assert "Planned 6 sessions for Alice Athlete (2 dates skipped: already planned)." in _text(response)


def test_back_to_edit_keeps_what_was_typed(client, coach, athlete, template, monday):
    client.force_login(coach)
    data = _form([athlete], monday, weeks=3, weekdays=[2, 5], action="edit", on_conflict="add")
    html = _html(_post(client, template, data))
    assert "Preview dates" in html and "Check the dates" not in html
    assert re.search(r'name="weeks" value="3"', html)
    assert f'value="{monday.isoformat()}"' in html
    assert re.search(r'name="weekdays" value="2"[^>]*checked', html)
    assert not re.search(r'name="weekdays" value="1"[^>]*checked', html)
    assert re.search(rf'name="athletes" value="{athlete.pk}"[^>]*checked', html)
    assert f'value="{data["submission_id"]}"' in html  # the same id: saving after edits still stores once
    assert not Assignment.objects.exists()


def test_a_start_in_the_past_asks_for_confirmation_next_to_the_error(client, coach, athlete, template, today):
    client.force_login(coach)
    data = _form([athlete], today - 2 * DAY, weekdays=range(1, 8), weeks=1)
    html = _text(_post(client, template, data))
    assert escape(START_IN_PAST) in html and "Yes, start in the past" in html
    assert "Check the dates" not in html
    html = _text(_post(client, template, {**data, "allow_past": "on"}))
    assert "Check the dates" in html and "(before today)" in html
    response = _post(client, template, {**data, "allow_past": "True", "action": "save"})
    assert "Planned 7 sessions for Alice Athlete." in _text(response)


def test_the_confirm_box_is_not_offered_for_a_future_start(client, coach, athlete, template, monday):
    client.force_login(coach)
    html = _text(client.get(URL.format(template.pk)))
    assert "Yes, start in the past" not in html
    html = _text(_post(client, template, _form([athlete], monday, weeks=0)))
    assert "Yes, start in the past" not in html


def test_more_than_a_week_back_is_refused_even_when_confirmed(client, coach, athlete, template, today):
    client.force_login(coach)
    html = _text(_post(client, template, _form([athlete], today - 30 * DAY, allow_past="on")))
    assert escape(START_TOO_EARLY) in html and not Assignment.objects.exists()


# A field the coach typed gets its message under the field; what only the preview's hidden fields carry
# (the answer, the submission id) gets one at the top of the form.
FIELD, FORM = "invalid-feedback", "alert-danger"


@pytest.mark.parametrize(
    "changes, where",
    [
        ({"weeks": "x" * 10_000}, FIELD),
        ({"on_conflict": "overwrite", "action": "save"}, FORM),
        ({"submission_id": "not-a-uuid", "action": "save"}, FORM),
        ({"alternate_with": str(2**63), "action": "save"}, FIELD),
    ],
    ids=["weeks", "answer", "submission", "alternate"],
)
def test_bad_input_re_renders_with_a_message(client, coach, athlete, template, monday, changes, where):
    client.force_login(coach)
    response = _post(client, template, _form([athlete], monday, **changes))
    assert response.status_code == 200
    html = _html(response)
    assert [marker for marker in (FIELD, FORM, "text-danger") if marker in html] == [where]
    assert not Assignment.objects.exists()


def test_an_empty_template_is_refused_at_the_preview(client, coach, athlete, monday):
    empty = WorkoutTemplateFactory(owner=coach, name="Nothing yet")
    client.force_login(coach)
    html = _text(_post(client, empty, _form([athlete], monday)))
    assert escape(services.EMPTY_TEMPLATE.format(name="Nothing yet")) in html and "Check the dates" not in html


def test_a_self_coached_athlete_sees_their_own_preview(client, athlete, public_templates, monday):
    _plan(athlete, athlete, monday, name="My legs")
    client.force_login(athlete)
    html = _text(_post(client, public_templates["upper-back-a"], _form([athlete], monday)))
    assert "For you" in html and "Already planned: My legs, by you, planned. Replace removes it." in html


def test_the_preview_page_runs_a_bounded_number_of_queries(
    client, coach, template, monday, django_assert_max_num_queries
):
    athletes = _ten_athletes_with_a_plan(coach, monday)
    client.force_login(coach)
    data = _form(athletes, monday, weeks=26)
    with django_assert_max_num_queries(11):
        html = _text(client.post(URL.format(template.pk), data))
    assert html.count("Already planned:") == 520


def test_saving_for_ten_athletes_over_26_weeks_runs_a_bounded_number_of_queries(client, coach, template, monday):
    athletes = _ten_athletes_with_a_plan(coach, monday)
    client.force_login(coach)
    data = _form(athletes, monday, weeks=26, weekdays=[1, 2, 4], action="save", on_conflict="skip")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL.format(template.pk), data)
    assert response.status_code == 302
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(queries) - len(inserts) <= 20
    assert len(inserts) <= 20  # 260 sessions and 1,300 exercises, in batches (SQLite caps a batch's parameters)
    assert PlannedSession.objects.filter(planned_by=coach).count() == 10 * 26


PREVIEW_FIELDS = ["athletes", "alternate_with", "start_date", "weekdays", "weeks", "submission_id", "allow_past"]


def test_no_value_posted_from_the_preview_gives_a_500(client, coach, athlete, template, monday):
    """tests/test_fuzz.py posts the forms a GET shows; the preview's form (save, back) only exists after a
    POST, so it is fuzzed here: each field as the preview carried it or hostile, with each button and answer."""
    _plan(athlete, athlete, monday, name="My legs")
    client.force_login(coach)
    valid = _form([athlete], monday)

    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(
        data=st.fixed_dictionaries(
            {name: st.just(valid[name]) | JUNK | st.lists(JUNK, max_size=2) for name in PREVIEW_FIELDS if name in valid}
            | {
                "action": st.sampled_from(["save", "edit", ""]) | JUNK,
                "on_conflict": st.sampled_from(["skip", "replace", "add", ""]) | JUNK,
                "allow_past": st.sampled_from(["", "on", "True", "False"]) | JUNK,
            }
        )
    )
    def post(data):
        with transaction.atomic():
            response = client.post(URL.format(template.pk), data)
            transaction.set_rollback(True)
        assert response.status_code in (200, 302)

    post()


def _preview_date(day: int, *existing) -> selectors.PreviewDate:
    return selectors.PreviewDate(
        date=datetime.date(2026, 12, day), label="", template_name="Pull A", past=False, existing=existing
    )


def test_replace_counts_the_sessions_it_removes_and_the_dates_it_keeps():
    mine = selectors.ExistingSession(pk=1, name="Pull A", planned_by="you", state="Planned", kept_because="")
    theirs = selectors.ExistingSession(
        pk=2, name="Row day", planned_by="Alex", state="Planned", kept_because="planned by Alex"
    )
    dates = (_preview_date(7), _preview_date(8, mine), _preview_date(9, mine, theirs), _preview_date(10, theirs))
    preview = selectors.AssignmentPreview(athletes=(selectors.AthletePreview(athlete_id=1, name="you", dates=dates),))

    assert (preview.conflicts, preview.replaced, preview.kept) == (3, 1, 2)
    assert preview.notes == {
        "skip": "1 session. Leaves 3 dates as they are.",
        "replace": "2 sessions. Removes 1 session not started yet; keeps 2 dates (see “Kept” above).",
        "add": "4 sessions. 3 dates will hold two sessions.",
    }
