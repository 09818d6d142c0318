"""The thread on a workout: the athlete and their coach talk about it; unread counts in the menu and history."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import CoachingLink
from accounts.services import end_link
from tests.factories import ExerciseFactory, TrainingSessionFactory, UserFactory
from tests.pages import page_text as _text
from training_log.models import COMMENT_MAX, Comment, CommentRead, SessionExercise
from training_log.selectors.comments import (
    Unread,
    unread_by_session,
    unread_count,
    unread_counts,
    unread_counts_by_athlete,
)
from training_log.services.comments import COMMENT_BLANK, COMMENT_TOO_LONG, add_comment, mark_read

HX = {"HTTP_HX_REQUEST": "true"}


def _say(actor, session, body="Looks good", **kwargs):
    comment, _ = add_comment(actor=actor, session=session, body=body, client_id=uuid.uuid4(), **kwargs)
    return comment


@pytest.fixture
def workout(athlete):
    return TrainingSessionFactory(athlete=athlete, exercises=[ExerciseFactory()])


# Who may talk


def test_the_athlete_and_their_coach_comment(athlete, coach, workout):
    _say(athlete, workout, "Felt heavy today")
    _say(coach, workout, "Keep the elbows in")
    assert list(Comment.objects.values_list("author__username", "body")) == [
        ("athlete", "Felt heavy today"),
        ("coach", "Keep the elbows in"),
    ]


@pytest.mark.parametrize("who", ["other_athlete", "unlinked_coach"])
def test_outsiders_may_not_comment(request, coach, workout, who):
    with pytest.raises(PermissionDenied):
        _say(request.getfixturevalue(who), workout)
    assert not Comment.objects.exists()


@pytest.mark.parametrize("ended_by", ["athlete", "coach"])
def test_a_former_coach_may_not_comment_or_mark_read(athlete, coach, workout, ended_by):
    end_link(link=CoachingLink.objects.get(coach=coach), actor=athlete if ended_by == "athlete" else coach)
    with pytest.raises(PermissionDenied):
        _say(coach, workout)
    with pytest.raises(PermissionDenied):
        mark_read(actor=coach, session=workout)
    assert not Comment.objects.exists() and not CommentRead.objects.exists()


@pytest.mark.parametrize(
    "body, message", [("", COMMENT_BLANK), ("  \n\t ", COMMENT_BLANK), ("x" * 2001, COMMENT_TOO_LONG)]
)
def test_blank_or_too_long_is_refused_with_a_message(athlete, workout, body, message):
    with pytest.raises(ValidationError) as refused:
        _say(athlete, workout, body)
    assert refused.value.message_dict["body"] == [message]
    assert not Comment.objects.exists()


def test_the_longest_comment_fits(athlete, workout):
    assert len(_say(athlete, workout, "x" * COMMENT_MAX).body) == COMMENT_MAX


def test_a_double_submit_stores_once(athlete, workout):
    client_id = uuid.uuid4()
    first, created = add_comment(actor=athlete, session=workout, body="Done", client_id=client_id)
    again, created_again = add_comment(actor=athlete, session=workout, body="Done", client_id=client_id)
    assert (created, created_again) == (True, False) and first == again
    assert Comment.objects.count() == 1


# Unread counts


def test_comments_by_others_are_unread_until_marked_read(athlete, coach, workout):
    _say(coach, workout)
    _say(coach, workout)
    _say(athlete, workout, "Thanks")  # writing reads what came before
    assert unread_count(athlete) == 0
    assert unread_count(coach) == 1
    mark_read(actor=coach, session=workout)
    assert unread_count(coach) == 0
    _say(athlete, workout, "One more thing")
    assert unread_count(coach) == 1


def test_own_comments_are_never_unread(athlete, workout):
    _say(athlete, workout)
    CommentRead.objects.all().delete()
    assert unread_count(athlete) == 0


def test_a_comment_that_arrives_after_the_page_was_drawn_stays_unread(athlete, coach, workout):
    shown = _say(coach, workout, "First")
    later = _say(coach, workout, "Second")
    Comment.objects.filter(pk=later.pk).update(created_at=shown.created_at + timedelta(seconds=5))
    mark_read(actor=athlete, session=workout, up_to=shown.pk)
    assert unread_count(athlete) == 1


def test_marking_read_never_moves_the_mark_back(athlete, coach, workout):
    old = _say(coach, workout, "Old")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    mark_read(actor=athlete, session=workout)
    mark_read(actor=athlete, session=workout, up_to=old.pk)
    assert CommentRead.objects.get(user=athlete).read_at > timezone.now() - timedelta(minutes=1)


def test_a_former_coach_has_nothing_unread_from_that_athlete(athlete, coach, workout):
    _say(athlete, workout)
    assert unread_count(coach) == 1
    end_link(link=CoachingLink.objects.get(coach=coach), actor=athlete)
    assert unread_count(coach) == 0


def test_counts_on_known_data_in_one_query_each(django_assert_max_num_queries, athlete, coach):
    """The coach has two athletes. Alice's first workout: 2 of her comments, unread. Her second: her comment,
    then the coach's (writing reads what came before). Bob's: 2 unread, and 1 on another workout marked read.
    So the coach has 4 unread (2 each), Alice 1 (the coach's), on her own workouts."""
    bob = UserFactory(username="bob")
    CoachingLink.objects.create(coach=coach, athlete=bob)
    alice_1, alice_2, bobs = (
        TrainingSessionFactory(athlete=athlete, exercises=[ExerciseFactory()]),
        TrainingSessionFactory(athlete=athlete, exercises=[ExerciseFactory()]),
        TrainingSessionFactory(athlete=bob, exercises=[ExerciseFactory()]),
    )
    for _ in range(2):
        _say(athlete, alice_1)
    _say(athlete, alice_2)
    _say(bob, bobs)
    _say(bob, bobs)
    read = _say(bob, TrainingSessionFactory(athlete=bob, exercises=[ExerciseFactory()]))
    mark_read(actor=coach, session=read.session)
    _say(coach, alice_2, "Nice")  # the coach wrote last here: read for them, new for Alice
    with django_assert_max_num_queries(1):
        assert unread_count(coach) == 4
    with django_assert_max_num_queries(1):
        assert unread_counts_by_athlete(coach) == {athlete.pk: 2, bob.pk: 2}
    with django_assert_max_num_queries(1):
        assert unread_counts(athlete) == Unread(own=1, coached=0)
    with django_assert_max_num_queries(1):
        assert unread_by_session(coach, athlete) == {alice_1.pk: 2}


def test_unread_count_stays_one_query_with_many_workouts(django_assert_max_num_queries, athlete, coach):
    for number in range(40):
        session = TrainingSessionFactory(athlete=athlete, name=f"W{number}", exercises=[ExerciseFactory()])
        _say(athlete, session)
        if number % 2:
            mark_read(actor=coach, session=session)
    with django_assert_max_num_queries(1):
        assert unread_count(coach) == 20


# Pages


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete)
    return client


def test_the_summary_shows_the_thread_escaped_with_line_breaks(athlete_client, athlete, coach, workout):
    _say(coach, workout, "<b>Good</b> work\nNext time: slower")
    page = athlete_client.get(f"/log/sessions/{workout.pk}/summary/").content.decode()
    assert "&lt;b&gt;Good&lt;/b&gt; work<br>Next time: slower" in page
    assert "<b>Good</b>" not in page
    assert "Carol Coach" in _text(page) and "New" in _text(page)


def test_showing_the_summary_marks_nothing_read(athlete_client, athlete, coach, workout):
    _say(coach, workout)
    page = athlete_client.get(f"/log/sessions/{workout.pk}/summary/").content.decode()
    assert unread_count(athlete) == 1
    # The page posts it itself with htmx on load; without JavaScript, the button does.
    form = re.search(r'<form[^>]*hx-trigger="load"[^>]*>.*?</form>', page, flags=re.S).group(0)
    assert f'action="/log/sessions/{workout.pk}/comments/read/"' in form and "Mark as read" in form


def test_marking_read_by_button_and_by_htmx(athlete_client, athlete, coach, workout):
    comment = _say(coach, workout)
    response = athlete_client.post(f"/log/sessions/{workout.pk}/comments/read/", {"up_to": comment.pk})
    assert response.status_code == 302 and response.url.endswith("/summary/#comments")
    assert unread_count(athlete) == 0
    _say(coach, workout, "Again")
    _say(coach, TrainingSessionFactory(athlete=athlete, name="Other", exercises=[ExerciseFactory()]), "Elsewhere")
    response = athlete_client.post(f"/log/sessions/{workout.pk}/comments/read/", {"up_to": "x"}, **HX)
    # Nothing in place of the button; the menu's counts out of band: 1 left, on the other workout.
    content = response.content.decode()
    assert response.status_code == 200 and "<form" not in content
    assert re.search(r'<span id="unread-own" hx-swap-oob="true"> <span[^>]*>1<', content)
    assert unread_count(athlete) == 1
    page = athlete_client.get(f"/log/sessions/{workout.pk}/summary/").content.decode()
    assert "Mark as read" not in page and "New" not in _text(page)


def test_posting_a_comment_from_the_summary(client, coach, workout):
    client.force_login(coach)
    response = client.post(
        f"/log/sessions/{workout.pk}/comments/", {"body": "Good depth\nKeep it", "client_id": str(uuid.uuid4())}
    )
    assert response.status_code == 302 and response.url.endswith("#comments")
    page = _text(client.get(response.url).content)
    assert "You" in page and "Good depth Keep it" in page and "Comment posted." in page


def test_a_blank_comment_comes_back_with_the_message(athlete_client, workout):
    response = athlete_client.post(
        f"/log/sessions/{workout.pk}/comments/", {"body": "   ", "client_id": str(uuid.uuid4())}
    )
    assert response.status_code == 200
    assert COMMENT_BLANK in _text(response.content)
    assert not Comment.objects.exists()


def test_a_too_long_comment_keeps_what_was_typed(athlete_client, workout):
    typed = "y" * (COMMENT_MAX + 1)
    response = athlete_client.post(
        f"/log/sessions/{workout.pk}/comments/", {"body": typed, "client_id": str(uuid.uuid4())}
    )
    assert response.status_code == 200 and typed in response.content.decode()
    assert not Comment.objects.exists()


def test_the_menu_counts_unread_comments(client, athlete, coach, workout):
    _say(coach, workout)
    _say(coach, workout)
    client.force_login(athlete)
    nav = client.get("/today/").content.decode().split("</nav>")[0]
    # The athlete's own count is on "History", in the row; nothing counted is folded under "More".
    assert "History 2 unread comments More" in _text(nav)
    client.force_login(coach)
    assert "unread comment" not in _text(client.get("/today/").content.decode().split("</nav>")[0])
    _say(athlete, workout, "Thanks")
    nav = client.get("/today/").content.decode().split("</nav>")[0]
    # A coach's count for their athletes is on "Coach"; "More" counts only what is inside it (nothing).
    assert "History Coach 1 unread comment More Library" in _text(nav)


def test_history_marks_the_workouts_with_unread_comments(client, athlete, coach, workout):
    quiet = TrainingSessionFactory(athlete=athlete, name="Quiet one", exercises=[ExerciseFactory()])
    _say(athlete, workout)
    client.force_login(coach)
    page = _text(client.get(f"/log/athletes/{athlete.pk}/").content)
    assert "Pulls 1 new comment" in page and "Quiet one 1 new" not in page
    assert quiet.pk


def test_the_summary_shows_the_athletes_exercise_notes_to_both(client, athlete, coach, workout):
    SessionExercise.objects.filter(session=workout).update(note="Straps on set 3")
    client.force_login(coach)
    assert "Alice Athlete's note: Straps on set 3" in _text(client.get(f"/log/sessions/{workout.pk}/summary/").content)
    assert "Straps on set 3" in _text(client.get(f"/log/sessions/{workout.pk}/").content)
    client.force_login(athlete)
    assert "Your note: Straps on set 3" in _text(client.get(f"/log/sessions/{workout.pk}/summary/").content)


def test_the_coach_summary_links_each_exercise_to_its_override(client, coach, athlete, workout):
    item = workout.exercises.get()
    client.force_login(coach)
    page = client.get(f"/log/sessions/{workout.pk}/summary/").content.decode()
    assert f'href="/coach/athletes/{athlete.pk}/override/?exercise={item.exercise_id}"' in page
    client.force_login(athlete)
    assert "Set next weight" not in client.get(f"/log/sessions/{workout.pk}/summary/").content.decode()


@pytest.mark.parametrize("comments", [1, 40])
def test_summary_with_a_thread_runs_a_bounded_number_of_queries(
    client, coach, athlete, workout, django_assert_max_num_queries, comments
):
    for number in range(comments):
        _say(athlete if number % 2 else coach, workout, f"Comment {number}")
    client.force_login(athlete)
    # session, user, the workout, its cards (3), overrides, the thread (2), the menu, ...: as the summary test.
    with django_assert_max_num_queries(13):
        response = client.get(f"/log/sessions/{workout.pk}/summary/")
    assert _text(response.content).count("Comment ") >= comments


@pytest.mark.parametrize("workouts", [2, 40])
def test_history_runs_a_bounded_number_of_queries(client, coach, athlete, django_assert_max_num_queries, workouts):
    for number in range(workouts):
        _say(athlete, TrainingSessionFactory(athlete=athlete, name=f"W{number}", exercises=[ExerciseFactory()]))
    client.force_login(coach)
    with django_assert_max_num_queries(7):  # session, user, athlete, count (pages), workouts, unread, menu
        response = client.get(f"/log/athletes/{athlete.pk}/")
    assert _text(response.content).count("1 new comment") == workouts


def test_the_coach_reaches_the_thread_from_an_unfinished_workout(client, coach, workout):
    client.force_login(coach)
    page = client.get(f"/log/sessions/{workout.pk}/").content.decode()
    assert f'href="/log/sessions/{workout.pk}/summary/">See the summary and comments</a>' in page
