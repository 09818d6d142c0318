import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from workouts.models import WorkoutTemplate


@pytest.fixture
def public_templates(library):
    """Upper back A and B, loaded the way `make run` loads them, by slug."""
    call_command("load_templates", stdout=StringIO())
    return {template.slug: template for template in WorkoutTemplate.objects.public()}


@pytest.fixture
def monday():
    """The next Monday, or today if it is one."""
    today = timezone.localdate()
    return today + datetime.timedelta(days=-today.weekday() % 7)
