"""The set form on the session page takes its limits from the form, never from numbers in a template."""

import re

import pytest

from tests.factories import (
    ExerciseFactory,
    TrainingSessionFactory,
)
from training_log.forms import OneArmSetForm, SetForm
from training_log.models import LOGGED_REPS_MAX
from workouts.models import RIR_MAX


@pytest.fixture
def session_page(client, athlete):
    """The athlete's open session with a two-arm and a one-arm exercise, and a way to read it."""
    session = TrainingSessionFactory(
        athlete=athlete,
        exercises=[ExerciseFactory(), ExerciseFactory(is_unilateral=True)],
        exercises__rep_min=6,
        exercises__rep_max=10,
    )
    client.force_login(athlete)
    items = list(session.exercises.order_by("pk"))

    def read():
        response = client.get(f"/log/sessions/{session.pk}/")
        assert response.status_code == 200
        return response.content.decode(), items

    return read


def _input(html, name):
    return re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html).group(0)


def _radio_values(html, name):
    return re.findall(rf'<input type="radio"[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', html)


def test_rir_buttons_offer_every_value_the_form_accepts(session_page):
    html, (two_arm, one_arm) = session_page()

    every = [str(n) for n in range(RIR_MAX + 1)]
    assert _radio_values(html, f"ex{two_arm.pk}-rir") == every
    assert _radio_values(html, f"ex{one_arm.pk}-rir_left") == every
    assert _radio_values(html, f"ex{one_arm.pk}-rir_right") == every


def test_reps_boxes_show_the_limits_of_the_form(session_page):
    html, (two_arm, one_arm) = session_page()

    for name in (f"ex{two_arm.pk}-reps", f"ex{one_arm.pk}-reps_left", f"ex{one_arm.pk}-reps_right"):
        assert 'min="0"' in _input(html, name)
        assert f'max="{LOGGED_REPS_MAX}"' in _input(html, name)


def test_reps_boxes_follow_the_form_when_it_changes(session_page, monkeypatch):
    """The template has no number of its own: change the form's limit and the session_page follows."""
    monkeypatch.setitem(SetForm.base_fields["reps"].widget.attrs, "max", 77)
    monkeypatch.setitem(OneArmSetForm.base_fields["reps_left"].widget.attrs, "max", 66)

    html, (two_arm, one_arm) = session_page()

    assert 'max="77"' in _input(html, f"ex{two_arm.pk}-reps")
    assert 'max="66"' in _input(html, f"ex{one_arm.pk}-reps_left")


def test_a_checked_rir_button_stays_checked_after_an_error(client, athlete, session_page):
    html, (two_arm, _) = session_page()
    prefix = f"ex{two_arm.pk}"

    response = client.post(
        f"/log/sessions/{two_arm.session_id}/exercises/{two_arm.pk}/sets/",
        {f"{prefix}-weight": "abc", f"{prefix}-reps": "5", f"{prefix}-rir": "8", f"{prefix}-client_id": "x"},
    )

    html = response.content.decode()
    assert re.findall(rf'<input type="radio"[^>]*name="{prefix}-rir"[^>]*value="(\d+)"[^>]* checked', html) == ["8"]
