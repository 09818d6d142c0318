"""Changes of state for accounts and coaching links. Views call these; they never read `request`
except where logging someone in needs it."""

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import INVITATION_LIFETIME, CoachingLink, Invitation, User

OWN_INVITATION = "This is your own invitation link: send it to the athlete you want to coach."
INVITATION_NOT_PENDING = "This invitation can no longer be answered."
NOT_YOUR_INVITATION = "Only the coach who made an invitation can withdraw it."
INVITATION_USED = "You used this invitation already. To work with this coach again, ask them for a new one."


def sign_up(*, username: str, email: str, password: str, display_name: str, is_coach: bool, build_url) -> User | None:
    """Create an inactive account and mail a confirmation link.

    When the e-mail address already has an account, nothing is created and that address gets a note
    instead: the person signing up sees the same page either way, so the form reveals no addresses.
    `build_url(user)` returns the absolute confirmation link for a new user.
    """
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _mail(email, "accounts/email/already_registered", {"user": existing})
        return None
    try:
        with transaction.atomic():
            user = User(username=username, email=email, display_name=display_name, is_coach=is_coach, is_active=False)
            user.set_password(password)
            user.save()
    except IntegrityError:
        # Lost a race with another sign-up for the same address or name: say nothing more than usual.
        return None
    _mail(email, "accounts/email/confirm", {"user": user, "url": build_url(user)})
    return user


def _mail(to: str, template: str, context: dict) -> None:
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, None, [to])


def activate(*, user: User, token: str) -> bool:
    if user.is_active or not default_token_generator.check_token(user, token):
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True


def end_other_sessions(*, user: User) -> None:
    """Every session of this user made before now stops being valid at its next request."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)


def create_invitation(*, coach: User, label: str = "") -> tuple[Invitation, str]:
    """Return the invitation and its raw token: the token is shown once and only its hash is kept."""
    token = Invitation.new_token()
    now = timezone.now()
    invitation = Invitation.objects.create(
        coach=coach,
        label=label,
        token_hash=Invitation.token_hash_of(token),
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    return invitation, token


def revoke_invitation(*, coach: User, invitation: Invitation) -> None:
    """Only the coach who made an invitation withdraws it."""
    if invitation.coach_id != coach.pk:
        raise PermissionDenied(NOT_YOUR_INVITATION)
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def accept_invitation(*, invitation: Invitation, athlete: User) -> CoachingLink:
    """Link the athlete to the coach. Accepting twice (a double tap, a retried POST) makes one link.

    An invitation starts one link only: once that link has ended, accepting the old invitation again
    starts nothing. Only a new invitation links the two again.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.coach_id == athlete.pk:
        raise ValidationError(OWN_INVITATION)
    if invitation.used_by_id == athlete.pk:
        link = CoachingLink.objects.active().filter(coach_id=invitation.coach_id, athlete=athlete).first()
        if link is None:
            raise ValidationError(INVITATION_USED)
        return link
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(INVITATION_NOT_PENDING)
    link, _ = CoachingLink.objects.active().get_or_create(coach_id=invitation.coach_id, athlete=athlete)
    invitation.used_at = timezone.now()
    invitation.used_by = athlete
    invitation.save(update_fields=["used_at", "used_by"])
    return link


@transaction.atomic
def decline_invitation(*, invitation: Invitation, athlete: User) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.coach_id == athlete.pk:
        raise ValidationError(OWN_INVITATION)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(INVITATION_NOT_PENDING)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])


def end_link(*, link: CoachingLink, by: User) -> None:
    """Either side ends the link; the coach's access stops at once and the athlete keeps everything."""
    CoachingLink.objects.filter(pk=link.pk, ended_at__isnull=True).update(ended_at=timezone.now(), ended_by=by)
