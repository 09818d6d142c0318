"""Changes of state for accounts and coaching links. Views call these; they never read `request`."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from core.parse import parse_id

from . import links, mail
from .models import (
    EMAIL_CHANGE_LIFETIME,
    INVITATION_LIFETIME,
    UNCONFIRMED_LIFETIME,
    AccountDeletion,
    CoachingLink,
    EmailChange,
    Invitation,
    User,
    hash_token,
)
from .pagecache import forget_pages
from .tasks import delete_account_data, mail_confirmation_again, mail_password_reset, mail_sign_up
from .versions import changed

WRONG_PASSWORD = "That isn't your current password."
SAME_EMAIL = "That is already your address."
OWN_INVITATION = "This is your own invitation link: send it to the athlete you want to coach."
INVITATION_NOT_PENDING = "This invitation can no longer be answered."
NOT_YOUR_INVITATION = "Only the coach who made an invitation can withdraw it."
ONLY_YOURSELF = "Only you can delete your account."
DELETE_WRONG_PASSWORD = "That isn't your password, so nothing was deleted."
INVITATION_USED = "You used this invitation already. To work with this coach again, ask them for a new one."
COACHES_ONLY = "Switch on “I coach other lifters” to use the coach pages."
NOT_ON_THE_LINK = "Only the coach or the athlete of a coaching link can end it."


class SignUpTokenGenerator(PasswordResetTokenGenerator):
    """Like password-reset tokens (bound to the password hash, e-mail and a timestamp, expiring after
    PASSWORD_RESET_TIMEOUT), with its own salt so a confirmation link never works as a reset link."""

    key_salt = "accounts.services.SignUpTokenGenerator"


signup_tokens = SignUpTokenGenerator()


def sign_up(
    *,
    username: str,
    email: str,
    password: str,
    display_name: str,
    is_coach: bool,
    time_zone: str,
    site: str,
    next_url: str = "",
    client: str | None = None,
) -> User | None:
    """Create an unconfirmed account and have the worker mail it (accounts.tasks.mail_sign_up).

    The account is created whether or not a confirmed account already uses the address: the request does
    the same work either way (a password hashed, a row written, a task queued), so neither the page nor its
    timing tells whether an address is registered. The task then sends the confirmation link, or a note to
    the address's owner and deletes the sign-up. Unconfirmed accounts with the same address don't count:
    they are someone's unproven claim, and confirming this one removes them.
    `site` is the scheme and host the link starts with; `next_url` where to go after logging in; `client`
    the address asking, for the throttle (accounts.mail.allow): a throttled sign-up creates nothing.
    """
    if not mail.allow(kind=mail.Kind.SIGN_UP, addresses=[email], client=client):
        return None
    try:
        with transaction.atomic():
            user = User(
                username=username,
                email=email,
                display_name=display_name,
                is_coach=is_coach,
                time_zone=time_zone,
                password=make_password(password),
                is_active=False,
                confirmed_at=None,
            )
            user.save()
            # The database backend stores the task in this transaction: the worker sees the account with it.
            mail_sign_up.enqueue(user.pk, site, next_url)
    except IntegrityError:
        # Lost a race with another sign-up for the same username: say nothing more than usual.
        return None
    return user


def send_confirmation_again(*, email: str, site: str, client: str | None = None) -> None:
    """Have the worker mail a fresh confirmation link to the unconfirmed sign-ups using `email` (throttled like
    every mail). The same work for any address: whether it has a sign-up is the task's business."""
    if mail.allow(kind=mail.Kind.CONFIRMATION_AGAIN, addresses=[email], client=client):
        mail_confirmation_again.enqueue(email, site)


def request_password_reset(*, email: str, domain: str, use_https: bool, client: str | None = None) -> None:
    """Have the worker mail a reset link to the accounts using `email` (throttled like every mail)."""
    if mail.allow(kind=mail.Kind.PASSWORD_RESET, addresses=[email], client=client):
        mail_password_reset.enqueue(email, domain, use_https)


def unconfirmed_user_for_link(uidb64: str, token: str) -> User | None:
    """The unconfirmed account a confirmation link names, if the link is valid."""
    try:
        user = User.objects.unconfirmed().get(pk=parse_id(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, User.DoesNotExist):
        return None
    return user if signup_tokens.check_token(user, token) else None


def confirm_sign_up(*, user: User, token: str) -> bool:
    """Activate the account; it never logs anyone in: the person who opened the mail proves they own
    the address, not that they chose the password. Other unconfirmed accounts for the address go."""
    try:
        with transaction.atomic():
            user = User.objects.unconfirmed().select_for_update().filter(pk=user.pk).first()
            if user is None or not signup_tokens.check_token(user, token):
                return False
            if User.objects.holding_email(user.email).exists():
                return False  # the address was confirmed for another account in the meantime
            User.objects.unconfirmed().filter(email__iexact=user.email).exclude(pk=user.pk).delete()
            user.is_active = True
            user.confirmed_at = timezone.now()
            user.save(update_fields=["is_active", "confirmed_at"])
    except IntegrityError:
        return False
    return True


def purge_unconfirmed(*, older_than=UNCONFIRMED_LIFETIME) -> int:
    """Delete sign-ups never confirmed within `older_than`. Returns how many."""
    count, _ = User.objects.unconfirmed().filter(date_joined__lt=timezone.now() - older_than).delete()
    return count


def request_email_change(
    *, actor: User, new_email: str, password: str, build_url, client: str | None = None
) -> EmailChange | None:
    """Mail a confirmation link to the new address; the account keeps its address until it is opened.

    Needs the current password, so a session left open on a gym's tablet can't move the account.
    The old address gets a notice. When a confirmed account already uses the new address, that
    address gets a note instead of a link, and the page looks the same: settings never tell whether
    an address is registered. `build_url(token)` returns the absolute link. Both addresses count toward
    the mail throttle (accounts.mail.allow); a throttled request changes and sends nothing and returns None.
    """
    if not actor.check_password(password):
        raise ValidationError(WRONG_PASSWORD, code="password")
    new_email = User.objects.normalize_email(new_email)
    if new_email.lower() == actor.email.lower():
        raise ValidationError(SAME_EMAIL, code="email")
    if not mail.allow(kind=mail.Kind.EMAIL_CHANGE, addresses=[new_email, actor.email], client=client):
        return None
    token = EmailChange.new_token()
    now = timezone.now()
    with transaction.atomic():
        EmailChange.objects.filter(user=actor).delete()
        change = EmailChange.objects.create(
            user=actor,
            new_email=new_email,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + EMAIL_CHANGE_LIFETIME,
        )
        changed(people=[actor])  # settings show the address waiting for its link
    holder = User.objects.holding_email(new_email).exclude(pk=actor.pk).first()
    if holder is not None:
        mail.send(new_email, "accounts/email/email_change_taken", {"username": holder.username})
    else:
        mail.send(new_email, "accounts/email/email_change_confirm", {"url": build_url(token)})
    if actor.email:
        mail.send(
            actor.email, "accounts/email/email_change_notice", {"username": actor.username, "new_email": new_email}
        )
    return change


def pending_email_change_for_token(token: str) -> EmailChange | None:
    try:
        return EmailChange.objects.pending().select_related("user").get_by_token(token)
    except EmailChange.DoesNotExist:
        return None


def confirm_email_change(*, change: EmailChange) -> User | None:
    """Move the account to the new address. None when the link expired or the address now belongs
    to another confirmed account."""
    try:
        with transaction.atomic():
            change = EmailChange.objects.pending().select_for_update().filter(pk=change.pk).first()
            if change is None:
                return None
            user = User.objects.select_for_update().get(pk=change.user_id)
            if User.objects.holding_email(change.new_email).exclude(pk=user.pk).exists():
                return None
            User.objects.unconfirmed().filter(email__iexact=change.new_email).delete()
            user.email = change.new_email
            user.save(update_fields=["email"])
            change.delete()
            changed(people=[user])
    except IntegrityError:
        return None
    return user


@transaction.atomic
def save_settings(*, actor: User, form) -> User:
    """The settings form (a ModelForm of the actor's own row) saved: name, unit, equipment and zone show on
    their pages and their coach's."""
    if form.instance.pk != actor.pk:
        raise PermissionDenied(ONLY_YOURSELF)
    user = form.save()
    changed(people=[user])
    return user


@transaction.atomic
def end_other_sessions(*, actor: User) -> None:
    """Every session of the actor made before now stops being valid at its next request."""
    User.objects.filter(pk=actor.pk).update(session_generation=F("session_generation") + 1)
    changed(people=[actor])


def check_coach(actor: User) -> None:
    """The one rule of the coach pages and of inviting: only someone who coaches (a switch in Settings)."""
    if not actor.is_coach:
        raise PermissionDenied(COACHES_ONLY)


@transaction.atomic
def create_invitation(*, actor: User, label: str = "") -> tuple[Invitation, str]:
    """Return the invitation and its raw token: the token is shown once and only its hash is kept."""
    check_coach(actor)
    token = Invitation.new_token()
    now = timezone.now()
    invitation = Invitation.objects.create(
        coach=actor,
        label=label,
        token_hash=Invitation.token_hash_of(token),
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    changed(people=[actor])
    return invitation, token


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> None:
    """Only the coach who made an invitation withdraws it."""
    if invitation.coach_id != actor.pk:
        raise PermissionDenied(NOT_YOUR_INVITATION)
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    changed(people=[invitation.coach_id])


@transaction.atomic
def accept_invitation(*, actor: User, invitation: Invitation) -> CoachingLink:
    """Link the actor, as athlete, to the coach. Accepting twice (a double tap, a retried POST) makes one link.

    An invitation starts one link only: once that link has ended, accepting the old invitation again
    starts nothing. Only a new invitation links the two again.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.coach_id == actor.pk:
        raise ValidationError(OWN_INVITATION)
    if invitation.used_by_id == actor.pk:
        link = CoachingLink.objects.active().filter(coach_id=invitation.coach_id, athlete=actor).first()
        if link is None:
            raise ValidationError(INVITATION_USED)
        return link
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(INVITATION_NOT_PENDING)
    link, _ = CoachingLink.objects.active().get_or_create(coach_id=invitation.coach_id, athlete=actor)
    invitation.used_at = timezone.now()
    invitation.used_by = actor
    invitation.save(update_fields=["used_at", "used_by"])
    changed(people=[actor, invitation.coach_id])
    return link


@transaction.atomic
def decline_invitation(*, actor: User, invitation: Invitation) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.coach_id == actor.pk:
        raise ValidationError(OWN_INVITATION)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(INVITATION_NOT_PENDING)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    changed(people=[actor, invitation.coach_id])


@transaction.atomic
def end_link(*, actor: User, link: CoachingLink) -> None:
    """Either side ends the link, nobody else; the coach's access stops at once and the athlete keeps everything.
    What the coach set for the athlete while linked ends in the same transaction (accounts.links: their
    overrides of the athlete's next set); ending it again changes nothing."""
    if actor.pk not in (link.coach_id, link.athlete_id):
        raise PermissionDenied(NOT_ON_THE_LINK)
    ended = CoachingLink.objects.filter(pk=link.pk, ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_by=actor
    )
    if ended:
        links.run_endings(actor=actor, link=link)
    changed(people=[link.coach_id, link.athlete_id])  # the coach's stored pages of the athlete go at once


def request_account_deletion(*, actor: User, user: User, password: str) -> AccountDeletion:
    """Make the account unusable at once, after its password, and leave deleting it to the task worker.

    In the request, a few queries whatever the history: the user turns inactive (no log-in; every session of
    theirs, on every phone, logs nobody in from its next request on), their coaching links end (coaches lose
    sight at once), their cached pages are forgotten, and a task is queued with the deletion's record. The task
    (accounts.deletion.run) then deletes everything that is theirs a batch at a time: workouts and sets,
    comments they wrote, read marks, overrides, planned workouts, assignments they made, templates, custom
    exercises (other people's rows that name one move to archived copies first), links, invitations, a pending
    e-mail change, log-in records, their login sessions, and the user. Other people's planned workouts that
    they planned stay, with no planner.
    """
    if actor.pk != user.pk:
        raise PermissionDenied(ONLY_YOURSELF)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.check_password(password):
            raise ValidationError(DELETE_WRONG_PASSWORD, code="password")
        now = timezone.now()
        User.objects.filter(pk=user.pk).update(is_active=False, session_generation=F("session_generation") + 1)
        CoachingLink.objects.filter(Q(coach=user) | Q(athlete=user), ended_at__isnull=True).update(
            ended_at=now, ended_by=user
        )
        changed(people=[user.pk])
        request = AccountDeletion.objects.create(user_id=user.pk, requested_at=now)
        # The database backend stores the task in this transaction: no deletion without its task.
        delete_account_data.enqueue(request.pk)
    forget_pages(user.pk)
    return request
