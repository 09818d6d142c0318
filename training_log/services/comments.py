"""Writes for a workout's comment thread: only the athlete and the coach linked to them now take part.

A double submit (the same client id from the rendered form) stores the comment once; posting marks the
thread read for its author. Reads live in training_log.selectors.comments.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import athletes_visible_to
from accounts.versions import changed

from ..models import COMMENT_MAX, Comment, CommentRead, TrainingSession

COMMENT_BLANK = "Write something first."
COMMENT_TOO_LONG = f"Keep a comment under {COMMENT_MAX} characters."
COMMENT_NUL = "That text has a character we can't store."
NOT_IN_THE_THREAD = "Only the athlete and their coach talk about a workout."


def may_talk(actor: User, session: TrainingSession) -> bool:
    """The session's athlete, or a coach with an active link to them."""
    return athletes_visible_to(actor).filter(pk=session.athlete_id).exists()


def _check(actor: User, session: TrainingSession) -> None:
    if not may_talk(actor, session):
        raise PermissionDenied(NOT_IN_THE_THREAD)


@transaction.atomic
def add_comment(*, actor: User, session: TrainingSession, body: str, client_id: uuid.UUID) -> tuple[Comment, bool]:
    """Returns (comment, created); the same client id again returns the first one."""
    _check(actor, session)
    existing = Comment.objects.filter(author=actor, client_id=client_id).first()
    if existing:
        return existing, False
    body = body.strip()
    if not body:
        raise ValidationError({"body": COMMENT_BLANK})
    if len(body) > COMMENT_MAX:
        raise ValidationError({"body": COMMENT_TOO_LONG})
    if "\x00" in body:
        raise ValidationError({"body": COMMENT_NUL})
    try:
        with transaction.atomic():
            comment = Comment.objects.create(session=session, author=actor, body=body, client_id=client_id)
    except IntegrityError:
        # A second request with the same client id got there first.
        return Comment.objects.get(author=actor, client_id=client_id), False
    # Who writes has read what came before.
    _read_up_to(actor, session, comment.created_at)
    changed(people=[actor, session.athlete_id])
    return comment, True


def _read_up_to(user: User, session: TrainingSession, moment) -> None:
    """Move the user's read mark forward to `moment`, never back."""
    mark, created = CommentRead.objects.get_or_create(user=user, session=session, defaults={"read_at": moment})
    if not created and mark.read_at < moment:
        CommentRead.objects.filter(pk=mark.pk, read_at__lt=moment).update(read_at=moment)
    changed(people=[user])


@transaction.atomic
def mark_read(*, actor: User, session: TrainingSession, up_to: int | None = None) -> None:
    """Mark the thread read up to the comment `up_to` (the newest the page showed, so a comment that
    arrived after the page was drawn stays unread), or up to now."""
    _check(actor, session)
    moment = timezone.now()
    if up_to is not None:
        shown = Comment.objects.filter(session=session, pk=up_to).values_list("created_at", flat=True).first()
        moment = shown or moment
    _read_up_to(actor, session, moment)
