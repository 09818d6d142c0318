"""Mail that anyone can ask us to send to any address: sign-up, confirmation again, password reset, e-mail change.

Two rules keep it from telling or spamming anyone:
- The request never sends it. The view enqueues one task whatever the address, and the task (accounts.tasks)
  looks the account up and sends the right mail or nothing; so a registered address and an unknown one cost
  the request the same work, and a slow mail server slows nobody's page.
- `allow` throttles it: a few requests an hour for one address, a bounded number from one client address.
  A throttled request answers the same page as an accepted one (it reveals nothing) and is logged.

What a mail says: only what the owner of the receiving address can't be tricked by. Display names are typed
by whoever signs up or changes an address, and a sign-up or an e-mail change sends mail to an address its
author needn't own, so no mail greets anyone by name; a username (letters, digits and @.+-_ only) appears only
in mail about an account the receiving address already owns, where it answers "which account?".
"""

import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import send_mail
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from .models import MailRequest, User

logger = logging.getLogger(__name__)

WINDOW = timedelta(hours=1)
# Overridable in settings; a person waiting for a link asks again once or twice, not more.
PER_ADDRESS = 3
PER_CLIENT = 20


class Kind:
    SIGN_UP = "sign-up"
    CONFIRMATION_AGAIN = "confirmation-again"
    PASSWORD_RESET = "password-reset"
    EMAIL_CHANGE = "email-change"


def _address_hash(address: str) -> str:
    return salted_hmac("accounts.mail.address", address.strip().lower()).hexdigest()


def _ip_or_none(client: str | None) -> str | None:
    """The address as the column takes it: PostgreSQL's inet refuses what a unix-socket REMOTE_ADDR may hold."""
    try:
        return str(ipaddress.ip_address(client)) if client else None
    except ValueError:
        return None


def allow(*, kind: str, addresses: list[str], client: str | None) -> bool:
    """Record a request for mail to `addresses` from `client` and say whether to send it: False when
    any of the addresses had its share this hour, or the client had. Refused requests aren't recorded, so
    a person who waits an hour always gets their mail.

    Two requests at the same instant can both pass the count: the limit is a few mails more, not a lock."""
    client = _ip_or_none(client)
    now = timezone.now()
    since = now - WINDOW
    MailRequest.objects.filter(created_at__lt=since).delete()
    hashes = [_address_hash(address) for address in addresses if address]
    per_address = getattr(settings, "MAIL_PER_ADDRESS_PER_HOUR", PER_ADDRESS)
    per_client = getattr(settings, "MAIL_PER_CLIENT_PER_HOUR", PER_CLIENT)
    recent = MailRequest.objects.filter(created_at__gte=since)
    address_full = (
        recent.filter(address_hash__in=hashes)
        .values("address_hash")
        .annotate(n=Count("id"))
        .filter(n__gte=per_address)
        .exists()
    )
    client_full = client is not None and recent.filter(client=client).count() >= per_client
    if address_full or client_full:
        logger.warning(
            "Mail throttled: %s from %s (%s)",
            kind,
            client or "an unknown client",
            "the address had its share" if address_full else "the client had its share",
        )
        return False
    MailRequest.objects.bulk_create(
        MailRequest(address_hash=address_hash, client=client, kind=kind, created_at=now) for address_hash in hashes
    )
    return True


def send(to: str, template: str, context: dict) -> None:
    """Plain-text mail from `template`.txt and `template`_subject.txt (templates turn autoescape off: text,
    not HTML; what they may print is said in this module's docstring)."""
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, None, [to])


def confirmation_url(user: User, *, site: str, next_url: str = "") -> str:
    from .services import signup_tokens  # services imports this module

    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:activate", args=[uidb64, signup_tokens.make_token(user)])
    return site + path + (f"?{urlencode({'next': next_url})}" if next_url else "")


def send_sign_up(*, user_id: int, site: str, next_url: str = "") -> None:
    """The mail for a sign-up: the confirmation link, or, when a confirmed account holds the address by now,
    a note to its owner (and the sign-up goes: it could never be confirmed). Nothing when the sign-up is gone."""
    user = User.objects.unconfirmed().filter(pk=user_id).first()
    if user is None:
        return
    holder = User.objects.holding_email(user.email).first()
    if holder is not None:
        user.delete()
        send(holder.email, "accounts/email/already_registered", {"username": holder.username})
        return
    send(user.email, "accounts/email/confirm", {"url": confirmation_url(user, site=site, next_url=next_url)})


def send_confirmation_again(*, email: str, site: str) -> None:
    """A fresh link for each unconfirmed sign-up with this address (a few at most: each was throttled), unless
    a confirmed account holds the address, whose owner needs no link. Nothing for an unknown address."""
    if User.objects.holding_email(email).exists():
        return
    for user in User.objects.unconfirmed().filter(email__iexact=email).order_by("pk")[:PER_ADDRESS]:
        send(user.email, "accounts/email/confirm", {"url": confirmation_url(user, site=site)})


def send_password_reset(*, email: str, domain: str, use_https: bool) -> None:
    """Django's own reset mail (its token, its choice of accounts: active, with a usable password) for each
    account using the address; nothing for an unknown one."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.html",
        )
