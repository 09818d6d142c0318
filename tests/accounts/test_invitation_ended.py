"""An accepted invitation's page tells the truth about the link it started: still coaching, or ended."""

import datetime

import pytest

from accounts import services
from accounts.models import CoachingLink
from tests.accounts.test_invitations import _invite

ACCEPTED = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
ENDED = datetime.datetime(2026, 9, 14, 12, 0, tzinfo=datetime.UTC)


def _accept(client, coach, athlete):
    path = _invite(client, coach)
    client.force_login(athlete)
    client.post(path, {"action": "accept"})
    CoachingLink.objects.filter(coach=coach, athlete=athlete).update(started_at=ACCEPTED)
    return path


def test_while_the_link_lasts_the_page_says_since_when(client, coach, other_athlete):
    path = _accept(client, coach, other_athlete)
    response = client.get(path)
    assert response.status_code == 200
    assert "Carol Coach coaches you since 2 Mar 2026" in response.content.decode()


@pytest.mark.parametrize("ended_by", ["athlete", "coach"])
def test_after_the_link_ended_the_page_says_so_and_never_coaches_you(client, coach, other_athlete, ended_by):
    path = _accept(client, coach, other_athlete)
    link = CoachingLink.objects.get(coach=coach, athlete=other_athlete)
    services.end_link(actor={"athlete": other_athlete, "coach": coach}[ended_by], link=link)
    CoachingLink.objects.filter(pk=link.pk).update(ended_at=ENDED)

    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 410
    assert "The link ended on 14 Sep 2026" in html and "no longer sees your training" in html
    assert "coaches you" not in html


def test_linked_again_by_a_new_invitation_the_old_page_dates_the_new_link(client, coach, other_athlete):
    old_path = _accept(client, coach, other_athlete)
    link = CoachingLink.objects.get(coach=coach, athlete=other_athlete)
    services.end_link(actor=other_athlete, link=link)
    new_path = _invite(client, coach)
    client.force_login(other_athlete)
    client.post(new_path, {"action": "accept"})
    CoachingLink.objects.active().filter(coach=coach, athlete=other_athlete).update(started_at=ENDED)

    response = client.get(old_path)

    assert response.status_code == 200
    assert "Carol Coach coaches you since 14 Sep 2026" in response.content.decode()
