import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.html import escape

from accounts import services
from accounts.models import CoachingLink, Invitation, hash_token
from tests.factories import UserFactory


def _invite(client, coach, label="Alice"):
    client.force_login(coach)
    client.post("/coach/invitations/", {"label": label})
    html = client.get("/coach/athletes/").content.decode()
    return re.search(r'value="http://testserver(/accounts/invite/[^"]+/)"', html).group(1)


def test_coach_makes_a_single_use_link_shown_once_and_stored_hashed(client, coach):
    path = _invite(client, coach)
    token = path.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert path not in client.get("/coach/athletes/").content.decode()  # shown once


def test_athlete_sees_who_the_coach_is_and_what_they_will_see(client, coach, other_athlete):
    path = _invite(client, coach)
    client.force_login(other_athlete)
    html = client.get(path).content.decode()
    assert "Carol Coach wants to coach you" in html
    assert "every set you log" in html


def test_anonymous_visitor_is_asked_to_log_in_or_sign_up(client, coach):
    path = _invite(client, coach)
    client.logout()
    html = client.get(path).content.decode()
    assert "Carol Coach" not in html
    assert f'href="/accounts/signup/?next={path.replace("/", "%2F")}"' in html


def test_accepting_links_athlete_and_coach_sees_them(client, coach, other_athlete):
    path = _invite(client, coach)
    client.force_login(other_athlete)
    assert client.post(path, {"action": "accept"}).status_code == 302
    assert CoachingLink.objects.active().filter(coach=coach, athlete=other_athlete).count() == 1
    client.force_login(coach)
    assert "Oscar Other" in client.get("/coach/athletes/").content.decode()


def test_accepting_twice_creates_one_link(client, coach, other_athlete):
    path = _invite(client, coach)
    client.force_login(other_athlete)
    client.post(path, {"action": "accept"})
    client.post(path, {"action": "accept"})
    assert CoachingLink.objects.filter(coach=coach, athlete=other_athlete).count() == 1


def test_a_used_link_is_404_for_anyone_else(client, coach, other_athlete):
    path = _invite(client, coach)
    client.force_login(other_athlete)
    client.post(path, {"action": "accept"})
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
    assert client.post(path, {"action": "accept"}).status_code == 404


def test_coach_cannot_accept_their_own_invitation(client, coach):
    path = _invite(client, coach)
    assert "This is your own invitation" in client.get(path).content.decode()
    client.post(path, {"action": "accept"})
    assert not CoachingLink.objects.filter(coach=coach, athlete=coach).exists()


def test_declining_shares_nothing_and_the_link_says_so(client, coach, other_athlete):
    path = _invite(client, coach)
    client.force_login(other_athlete)
    client.post(path, {"action": "decline"})
    assert not CoachingLink.objects.filter(athlete=other_athlete).exists()
    response = client.get(path)
    assert response.status_code == 410 and "declined" in response.content.decode()


def test_expired_link_says_so(client, coach, other_athlete):
    path = _invite(client, coach)
    Invitation.objects.update(
        created_at=timezone.now() - timedelta(days=8), expires_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(other_athlete)
    response = client.get(path)
    assert response.status_code == 410 and "has expired" in response.content.decode()
    client.post(path, {"action": "accept"})
    assert not CoachingLink.objects.filter(athlete=other_athlete).exists()


def test_revoked_link_says_so(client, coach, other_athlete):
    path = _invite(client, coach)
    client.post(f"/coach/invitations/{Invitation.objects.get().pk}/revoke/")
    client.force_login(other_athlete)
    response = client.get(path)
    assert response.status_code == 410 and "withdrawn" in response.content.decode()


@pytest.mark.parametrize("token", ["short", "x" * 43, "A" * 5000, "%00" * 43, "../../etc/passwd", "a" * 42 + "!"])
def test_malformed_or_unknown_tokens_are_404(client, other_athlete, token):
    client.force_login(other_athlete)
    assert client.get(f"/accounts/invite/{token}/").status_code == 404
    assert client.post(f"/accounts/invite/{token}/", {"action": "accept"}).status_code == 404


def test_non_coach_cannot_invite(client, other_athlete):
    client.force_login(other_athlete)
    response = client.post("/coach/invitations/", {"label": "x"})
    assert response.status_code == 302 and response.url == "/accounts/settings/"
    assert not Invitation.objects.exists()


def test_too_long_label_is_refused_with_a_message(client, coach):
    client.force_login(coach)
    response = client.post("/coach/invitations/", {"label": "x" * 200}, follow=True)
    assert "Keep the name under 80 characters" in response.content.decode()
    assert not Invitation.objects.exists()


def test_athlete_ends_the_link_and_coach_loses_access_at_once(client, coach, athlete):
    link = CoachingLink.objects.get(coach=coach, athlete=athlete)
    client.force_login(athlete)
    client.post(f"/accounts/coaches/{link.pk}/end/")
    link.refresh_from_db()
    assert link.ended_at is not None and link.ended_by == athlete
    client.force_login(coach)
    assert "Alice Athlete" not in client.get("/coach/athletes/").content.decode()


def test_coach_ends_the_link(client, coach, athlete):
    link = CoachingLink.objects.get(coach=coach, athlete=athlete)
    client.force_login(coach)
    client.post(f"/coach/athletes/{link.pk}/end/")
    assert not CoachingLink.objects.active().filter(pk=link.pk).exists()


def test_a_new_invitation_after_an_ended_link_links_again(client, coach, athlete):
    services.end_link(link=CoachingLink.objects.get(coach=coach, athlete=athlete), actor=athlete)
    path = _invite(client, coach)
    client.force_login(athlete)
    client.post(path, {"action": "accept"})
    assert CoachingLink.objects.active().filter(coach=coach, athlete=athlete).count() == 1
    assert CoachingLink.objects.filter(coach=coach, athlete=athlete).count() == 2


def test_database_refuses_self_coaching_and_double_active_links(coach, athlete):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingLink.objects.create(coach=coach, athlete=coach)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingLink.objects.create(coach=coach, athlete=athlete)


def test_coach_list_runs_a_bounded_number_of_queries(client, coach, django_assert_max_num_queries):
    for _ in range(30):
        CoachingLink.objects.create(coach=coach, athlete=UserFactory())
        services.create_invitation(actor=coach)
    client.force_login(coach)
    with django_assert_max_num_queries(6):
        assert client.get("/coach/athletes/").status_code == 200


def test_an_athlete_already_coached_is_told_so(client, coach, athlete):
    path = _invite(client, coach)
    client.force_login(athlete)
    assert "Carol Coach already coaches you" in client.get(path).content.decode()


@pytest.mark.parametrize("ended_by", ["athlete", "coach"])
def test_accepting_an_old_invitation_again_after_the_link_ended_starts_nothing(client, coach, other_athlete, ended_by):
    path = _invite(client, coach)
    client.force_login(other_athlete)
    client.post(path, {"action": "accept"})
    link = CoachingLink.objects.get(coach=coach, athlete=other_athlete)
    services.end_link(link=link, actor={"athlete": other_athlete, "coach": coach}[ended_by])

    response = client.post(path, {"action": "accept"}, follow=True)

    assert not CoachingLink.objects.active().filter(coach=coach, athlete=other_athlete).exists()
    assert CoachingLink.objects.filter(coach=coach, athlete=other_athlete).count() == 1
    assert escape(services.INVITATION_USED) in response.content.decode()


def test_only_the_coach_who_made_an_invitation_withdraws_it(coach, unlinked_coach):
    invitation, _ = services.create_invitation(actor=coach)
    with pytest.raises(PermissionDenied):
        services.revoke_invitation(actor=unlinked_coach, invitation=invitation)
    assert Invitation.objects.pending().filter(pk=invitation.pk).exists()


def test_someone_who_does_not_coach_cannot_invite(athlete):
    with pytest.raises(PermissionDenied, match=services.COACHES_ONLY):
        services.create_invitation(actor=athlete, label="Bob")
    assert not Invitation.objects.exists()


def test_posting_an_invitation_without_coaching_sends_to_settings_and_invites_nobody(client, athlete):
    client.force_login(athlete)
    response = client.post("/coach/invitations/", {"label": "Bob"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/settings/"
    assert escape(services.COACHES_ONLY) in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("outsider", ["other_athlete", "unlinked_coach"])
def test_only_the_coach_or_the_athlete_of_a_link_ends_it(request, coach, athlete, outsider):
    link = CoachingLink.objects.get(coach=coach, athlete=athlete)
    with pytest.raises(PermissionDenied, match=services.NOT_ON_THE_LINK):
        services.end_link(actor=request.getfixturevalue(outsider), link=link)
    assert CoachingLink.objects.active().filter(pk=link.pk).exists()
