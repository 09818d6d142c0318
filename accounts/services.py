"""Changes of state for accounts and coaching links. Views call these; they never read `request`."""

import uuid

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from core.parse import parse_id

from .models import (
    EMAIL_CHANGE_LIFETIME,
    INVITATION_LIFETIME,
    UNCONFIRMED_LIFETIME,
    CoachingLink,
    EmailChange,
    Invitation,
    User,
    hash_token,
)
from .pagecache import people_changed

WRONG_PASSWORD = "That isn't your current password."
SAME_EMAIL = "That is already your address."
OWN_INVITATION = "This is your own invitation link: send it to the athlete you want to coach."
INVITATION_NOT_PENDING = "This invitation can no longer be answered."
NOT_YOUR_INVITATION = "Only the coach who made an invitation can withdraw it."
ONLY_YOURSELF = "Only you can delete your account."
DELETE_WRONG_PASSWORD = "That isn't your password, so nothing was deleted."
INVITATION_USED = "You used this invitation already. To work with this coach again, ask them for a new one."


class SignUpTokenGenerator(PasswordResetTokenGenerator):
    """Like password-reset tokens (bound to the password hash, e-mail and a timestamp, expiring after
    PASSWORD_RESET_TIMEOUT), with its own salt so a confirmation link never works as a reset link."""

    key_salt = "accounts.services.SignUpTokenGenerator"


signup_tokens = SignUpTokenGenerator()


def sign_up(
    *, username: str, email: str, password: str, display_name: str, is_coach: bool, time_zone: str, build_url
) -> User | None:
    """Create an unconfirmed account and mail a confirmation link.

    When a confirmed account already uses the address, nothing is created and that address gets a note
    instead. Both paths hash the password and send one mail, so neither the page nor its timing tells
    whether an address is registered. Unconfirmed accounts with the same address don't count: they are
    someone's unproven claim, and confirming this one removes them.
    `build_url(uidb64, token)` returns the absolute confirmation link.
    """
    password_hash = make_password(password)
    existing = User.objects.holding_email(email).first()
    if existing is not None:
        _mail(email, "accounts/email/already_registered", {"user": existing})
        return None
    try:
        with transaction.atomic():
            user = User(
                username=username,
                email=email,
                display_name=display_name,
                is_coach=is_coach,
                time_zone=time_zone,
                password=password_hash,
                is_active=False,
                confirmed_at=None,
            )
            user.save()
    except IntegrityError:
        # Lost a race with another sign-up for the same username: say nothing more than usual.
        return None
    url = build_url(urlsafe_base64_encode(force_bytes(user.pk)), signup_tokens.make_token(user))
    _mail(email, "accounts/email/confirm", {"user": user, "url": url})
    return user


def _mail(to: str, template: str, context: dict) -> None:
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, None, [to])


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


def request_email_change(*, user: User, new_email: str, password: str, build_url) -> EmailChange:
    """Mail a confirmation link to the new address; the account keeps its address until it is opened.

    Needs the current password, so a session left open on a gym's tablet can't move the account.
    The old address gets a notice. When a confirmed account already uses the new address, that
    address gets a note instead of a link, and the page looks the same: settings never tell whether
    an address is registered. `build_url(token)` returns the absolute link.
    """
    if not user.check_password(password):
        raise ValidationError(WRONG_PASSWORD, code="password")
    new_email = User.objects.normalize_email(new_email)
    if new_email.lower() == user.email.lower():
        raise ValidationError(SAME_EMAIL, code="email")
    token = EmailChange.new_token()
    now = timezone.now()
    with transaction.atomic():
        EmailChange.objects.filter(user=user).delete()
        change = EmailChange.objects.create(
            user=user,
            new_email=new_email,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + EMAIL_CHANGE_LIFETIME,
        )
    holder = User.objects.holding_email(new_email).exclude(pk=user.pk).first()
    if holder is not None:
        _mail(new_email, "accounts/email/email_change_taken", {"holder": holder})
    else:
        _mail(new_email, "accounts/email/email_change_confirm", {"user": user, "url": build_url(token)})
    if user.email:
        _mail(user.email, "accounts/email/email_change_notice", {"user": user, "new_email": new_email})
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
    except IntegrityError:
        return None
    return user


def end_other_sessions(*, user: User) -> None:
    """Every session of this user made before now stops being valid at its next request."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    people_changed([user.pk])


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
    people_changed([invitation.coach_id])


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
    people_changed([link.coach_id, link.athlete_id])  # the coach's stored pages of the athlete go at once


# Deleting an account. The apps built on accounts are reached through the app registry, not imported:
# accounts stays the app that knows least (docs/STYLE: imports point one way).


def _model(label: str):
    return apps.get_model(label)


def _archived_copy(exercise, owner_id: int):
    """A copy of a custom exercise, archived and owned by someone whose history uses it: their logs and plans
    keep its name and how-to, it stays out of the picker and out of our library (created_by is set)."""
    Exercise = _model("exercises.Exercise")
    copy = Exercise.objects.get(pk=exercise.pk)
    copy.pk = None
    copy._state.adding = True
    copy.created_by_id = owner_id
    copy.is_archived = True
    copy.submission_id = None
    copy.notes = ""  # the creator's own notes go with them
    copy.slug = f"custom-new-{uuid.uuid4().hex}"  # like create_custom_exercise: the id comes after the insert
    copy.save()
    copy.slug = f"custom-{copy.pk}"
    copy.save(update_fields=["slug"])
    roles = _model("exercises.ExerciseMuscle").objects.filter(exercise=exercise)
    roles.model.objects.bulk_create(roles.model(exercise=copy, muscle_id=r.muscle_id, role=r.role) for r in roles)
    steps = _model("exercises.ExerciseStep").objects.filter(exercise=exercise)
    steps.model.objects.bulk_create(steps.model(exercise=copy, position=s.position, text=s.text) for s in steps)
    return copy


def _hand_over_custom_exercises(user: User) -> None:
    """Other people's rows that name one of the user's custom exercises (a coach's exercise that their athlete
    logged, an athlete's exercise in their coach's template) move to an archived copy owned by that person.
    Deleting the exercise could not keep them: logs and plans PROTECT it, and a null creator would mean
    "our library". Each relation is (model, exercise field, path to the row's owner)."""
    relations = [
        ("training_log.SetLog", "exercise", "athlete"),
        ("training_log.SessionExercise", "exercise", "session__athlete"),
        ("training_log.SessionExercise", "swapped_from", "session__athlete"),
        ("training_log.CoachOverride", "exercise", "athlete"),
        ("workouts.PlannedExercise", "exercise", "session__athlete"),
        ("workouts.TemplateItem", "exercise", "template__owner"),
    ]
    copies = {}  # (exercise id, owner id) -> copy
    for label, field, owner in relations:
        rows = _model(label)._base_manager.filter(**{f"{field}__created_by": user, f"{owner}__isnull": False})
        rows = rows.exclude(**{owner: user})
        for exercise_id, owner_id in rows.values_list(field, owner).distinct():
            key = (exercise_id, owner_id)
            if key not in copies:
                copies[key] = _archived_copy(_model("exercises.Exercise")(pk=exercise_id), owner_id)
            rows.filter(**{field: exercise_id, owner: owner_id}).update(**{field: copies[key]})
            people_changed([owner_id])


@transaction.atomic
def delete_account(*, actor: User, user: User, password: str) -> None:
    """Delete the user and everything that is theirs, after their password.

    Theirs: workouts and sets, planned workouts, templates, assignments they made, custom exercises,
    comments they wrote (also in their athletes' threads: their words go with them; the rest of each
    thread stays), read marks, coach overrides they set or got, coaching links both ways, invitations,
    a pending e-mail change, log-in failure records for their username. Other people's planned workouts
    that they planned stay, with no planner. The order matters: logs and plans PROTECT their exercise,
    so rows go before the exercises they name, and other people's rows move to archived copies first.
    """
    if actor.pk != user.pk:
        raise PermissionDenied(ONLY_YOURSELF)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(password):
        raise ValidationError(DELETE_WRONG_PASSWORD, code="password")
    # Locked first: a set logged meanwhile against one of these exercises waits for us, instead of slipping
    # in between the hand-over and the delete (where its PROTECT would stop the whole deletion).
    list(_model("exercises.Exercise").objects.select_for_update().filter(created_by=user).values_list("pk"))
    _hand_over_custom_exercises(user)
    _model("training_log.Comment").objects.filter(author=user).delete()
    _model("training_log.CommentRead").objects.filter(user=user).delete()
    _model("training_log.CoachOverride").objects.filter(Q(athlete=user) | Q(set_by=user)).delete()
    _model("training_log.SetLog").objects.filter(athlete=user).delete()
    _model("training_log.TrainingSession").objects.filter(athlete=user).delete()  # exercises, threads
    _model("workouts.PlannedSession").objects.filter(athlete=user).delete()
    _model("workouts.Assignment").objects.filter(planned_by=user).delete()  # their sessions keep, unassigned
    _model("workouts.WorkoutTemplate").objects.filter(owner=user).delete()
    _model("exercises.Exercise").objects.filter(created_by=user).delete()
    CoachingLink.objects.filter(Q(coach=user) | Q(athlete=user)).delete()
    Invitation.objects.filter(coach=user).delete()
    EmailChange.objects.filter(user=user).delete()
    for name in ("axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"):
        _model(name).objects.filter(username=user.get_username()).delete()
    user.delete()
