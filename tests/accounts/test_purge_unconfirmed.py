from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory


def _joined(days_ago, **fields):
    return UserFactory(date_joined=timezone.now() - timedelta(days=days_ago), **fields)


def test_purge_unconfirmed_removes_only_sign_ups_unconfirmed_for_a_week(db):
    stale = _joined(8, is_active=False, confirmed_at=None)
    fresh = _joined(6, is_active=False, confirmed_at=None)
    deactivated = _joined(30, is_active=False)  # a confirmed account an admin switched off keeps its data
    active = _joined(30)
    out = StringIO()
    call_command("purge_unconfirmed", stdout=out)
    assert set(User.objects.all()) == {fresh, deactivated, active}
    assert not User.objects.filter(pk=stale.pk).exists()
    assert out.getvalue().strip() == "Removed 1 unconfirmed account."
