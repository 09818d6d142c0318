"""The plan editors' number boxes offer the limits the models enforce (min and max from the validators)."""

import re

import pytest

from exercises.models import PRESCRIBED_REPS_MAX
from tests.factories import PlannedExerciseFactory, PlannedSessionFactory, TemplateItemFactory, WorkoutTemplateFactory
from workouts.models import REST_MAX_SECONDS, RIR_MAX, SETS_MAX

LIMITS = {"sets": (1, SETS_MAX), "rep_min": (1, PRESCRIBED_REPS_MAX), "rep_max": (1, PRESCRIBED_REPS_MAX),
          "rir_min": (0, RIR_MAX), "rir_max": (0, RIR_MAX)}  # fmt: skip


def _limits(html, name):
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html).group(0)
    return int(re.search(r'min="(\d+)"', tag).group(1)), int(re.search(r'max="(\d+)"', tag).group(1))


@pytest.mark.django_db
def test_template_editor_boxes_offer_the_model_limits(client, coach):
    template = WorkoutTemplateFactory(owner=coach)
    TemplateItemFactory(template=template)
    client.force_login(coach)

    html = client.get(f"/workouts/templates/{template.pk}/edit/").content.decode()

    for name, limits in (LIMITS | {"rest_seconds": (0, REST_MAX_SECONDS)}).items():
        assert _limits(html, f"items-0-{name}") == limits, name


@pytest.mark.django_db
def test_session_editor_boxes_offer_the_model_limits(client, coach, athlete):
    session = PlannedSessionFactory(athlete=athlete, planned_by=coach)
    PlannedExerciseFactory(session=session)
    client.force_login(coach)

    html = client.get(f"/plan/sessions/{session.pk}/edit/").content.decode()

    for name, limits in LIMITS.items():
        assert _limits(html, f"exercises-0-{name}") == limits, name
