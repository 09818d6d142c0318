import re

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .decorators import coach_required
from .forms import (
    AccountDeleteForm,
    ConfirmationAgainForm,
    EmailChangeForm,
    InvitationForm,
    SettingsForm,
    SignUpForm,
)
from .models import Invitation
from .throttling import client_ip

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
NEW_INVITATION_SESSION_KEY = "accounts:new-invitation-link"


def safe_next(request, fallback: str = "/") -> str:
    """The `next` parameter if it stays on this site, else the fallback."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    next_url = safe_next(request, "")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.sign_up(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            display_name=data["display_name"],
            is_coach=data["is_coach"],
            time_zone=data["time_zone"],
            site=_site(request),
            next_url=next_url,
            client=client_ip(request),
        )
        request.session["accounts:signup-email"] = data["email"]
        return redirect("accounts:signup-done")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def _site(request) -> str:
    """The scheme and host that links in mail start with (the host already checked against ALLOWED_HOSTS)."""
    return request.build_absolute_uri("/").removesuffix("/")


def signup_done(request):
    return render(request, "accounts/signup_done.html", {"email": request.session.get("accounts:signup-email", "")})


@require_http_methods(["GET", "POST"])
def confirmation_again(request):
    """A new confirmation link for someone whose first mail got lost. The answer is the same for any address
    (registered, unconfirmed, unknown, or throttled): only the mailbox learns which."""
    form = ConfirmationAgainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.send_confirmation_again(
            email=form.cleaned_data["email"], site=_site(request), client=client_ip(request)
        )
        request.session["accounts:signup-email"] = form.cleaned_data["email"]
        return redirect("accounts:signup-done")
    return render(request, "accounts/confirmation_again.html", {"form": form})


def _login_url(next_url: str) -> str:
    return reverse("login") + (f"?{urlencode({'next': next_url})}" if next_url else "")


@require_http_methods(["GET", "POST"])
def activate(request, uidb64, token):
    """GET shows a button; POST confirms (a GET never changes anything, so mail scanners can't).

    Confirming never logs in: whoever opens the mail owns the address, not necessarily the password.
    """
    user = services.unconfirmed_user_for_link(uidb64, token)
    next_url = safe_next(request, "")
    if request.method == "POST" and user is not None:
        if services.confirm_sign_up(user=user, token=token):
            messages.success(
                request, f"Your e-mail address is confirmed. Log in as {user.username} with your password."
            )
            return redirect(_login_url(next_url))
        user = None  # the address was confirmed for another account meanwhile
    return render(
        request,
        "accounts/activate.html",
        {"account": user, "next": next_url},
        status=200 if user is not None else 400,
    )


def _settings_page(request, *, form=None, email_form=None, status=200):
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form or SettingsForm(instance=request.user),
            "email_form": email_form or EmailChangeForm(),
            "pending_email": selectors.pending_email_change(request.user),
            "coach_links": selectors.active_coach_links(request.user),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_settings(actor=request.user, form=form)
        messages.success(request, "Settings saved.")
        return redirect("accounts:settings")
    return _settings_page(request, form=form)


@login_required
@require_POST
def email_change(request):
    email_form = EmailChangeForm(request.POST)
    if email_form.is_valid():
        try:
            change = services.request_email_change(
                actor=request.user,
                new_email=email_form.cleaned_data["new_email"],
                password=email_form.cleaned_data["password"],
                build_url=lambda token: request.build_absolute_uri(reverse("accounts:email-confirm", args=[token])),
                client=client_ip(request),
            )
        except ValidationError as error:
            email_form.add_error("password" if error.code == "password" else "new_email", error)
        else:
            # A throttled change (None) answers the same: the page never says whether mail went out.
            new_email = change.new_email if change else email_form.cleaned_data["new_email"]
            messages.success(
                request, f"We sent a link to {new_email}. Until you open it, your address stays {request.user.email}."
            )
            return redirect("accounts:settings")
    return _settings_page(request, email_form=email_form)


ACCOUNT_DELETED = "Your account and everything in it is deleted."
DELETION_LINK_SALT = "accounts.views.account_deletion"
DELETION_LINK_AGE = 7 * 24 * 60 * 60  # seconds the progress link works


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """What deleting removes, then the password. A wrong password counts as a failed log-in for django-axes,
    so this form can't be used to guess the password of a session left open. The right one makes the account
    unusable at once and sends the browser to the deletion's progress page, the task worker deleting the rest."""
    form = AccountDeleteForm(request.POST or None)
    credentials = {"username": request.user.get_username()}
    if request.method == "POST" and form.is_valid():
        if AxesProxyHandler.is_locked(request, credentials):
            return get_lockout_response(request, None, credentials)
        try:
            deletion = services.request_account_deletion(
                actor=request.user, user=request.user, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            form.add_error("password", error)
            # On the failure that reaches the limit, axes' middleware turns this page into the lock-out page.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        else:
            logout(request)
            link = signing.dumps(deletion.pk, salt=DELETION_LINK_SALT)
            return redirect("accounts:account-deletion", token=link)  # "token": the request log shows the route
    context = {"form": form, "contents": selectors.account_contents(request.user)}
    return render(request, "accounts/account_delete.html", context)


@require_http_methods(["GET"])
def account_deletion(request, token):
    """How far the deletion has got: what is left, then that it is done. No log-in (the account has none any
    more): the link, signed and shown only to whoever deleted, is the permission. It refreshes itself."""
    try:
        pk = signing.loads(token, salt=DELETION_LINK_SALT, max_age=DELETION_LINK_AGE)
    except signing.BadSignature:
        raise Http404("No such deletion") from None
    deletion = selectors.deletion_progress(pk)
    if deletion is None:
        raise Http404("No such deletion")
    return render(request, "accounts/account_deletion.html", {"deletion": deletion, "done_text": ACCOUNT_DELETED})


@require_http_methods(["GET", "POST"])
def email_confirm(request, token):
    """GET shows a button; POST moves the account to the new address. Needs no session: the link
    itself proves the new address, and the change was approved with the password."""
    if not TOKEN_PATTERN.fullmatch(token):
        raise Http404("Malformed token")
    change = services.pending_email_change_for_token(token)
    if request.method == "POST" and change is not None:
        user = services.confirm_email_change(change=change)
        if user is not None:
            messages.success(request, f"Your e-mail address is now {user.email}.")
            return redirect("accounts:settings" if request.user == user else "login")
        change = None
    return render(request, "accounts/email_confirm.html", {"change": change}, status=200 if change else 400)


@login_required
@require_POST
def coach_link_end(request, link_id):
    """The athlete ends a coach's access."""
    link = selectors.get_link_for_athlete(request.user, link_id)
    services.end_link(actor=request.user, link=link)
    messages.success(request, f"{link.coach.public_name} no longer sees your training. Your data stays with you.")
    return redirect("accounts:settings")


@login_required
@require_http_methods(["GET"])
@coach_required
def athlete_list(request):
    new_link = request.session.pop(NEW_INVITATION_SESSION_KEY, None)
    return render(
        request,
        "accounts/athlete_list.html",
        {
            "links": selectors.active_athlete_links(request.user),
            "invitations": selectors.pending_invitations(request.user),
            "form": InvitationForm(),
            "new_link": new_link,
        },
    )


@login_required
@require_POST
@coach_required
def invitation_create(request):
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Keep the name under 80 characters.")
        return redirect("accounts:athlete-list")
    _, token = services.create_invitation(actor=request.user, label=form.cleaned_data["label"])
    # Only a hash is stored, so this is the one time the link can be shown.
    request.session[NEW_INVITATION_SESSION_KEY] = request.build_absolute_uri(
        reverse("accounts:invitation", args=[token])
    )
    return redirect("accounts:athlete-list")


@login_required
@require_POST
def invitation_revoke(request, invitation_id):
    invitation = selectors.get_pending_invitation_for_coach(request.user, invitation_id)
    services.revoke_invitation(actor=request.user, invitation=invitation)
    messages.success(request, "Invitation revoked: its link no longer works.")
    return redirect("accounts:athlete-list")


@login_required
@require_POST
def athlete_link_end(request, link_id):
    """The coach ends their own access to an athlete."""
    link = selectors.get_link_for_coach(request.user, link_id)
    services.end_link(actor=request.user, link=link)
    messages.success(request, f"You no longer coach {link.athlete.public_name}.")
    return redirect("accounts:athlete-list")


def _invitation_or_404(token: str) -> Invitation:
    if not TOKEN_PATTERN.fullmatch(token):
        raise Http404("Malformed invitation token")
    try:
        return Invitation.objects.select_related("coach").get_by_token(token)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation") from None


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    invitation = _invitation_or_404(token)
    if not request.user.is_authenticated:
        next_query = urlencode({"next": request.path})
        return render(request, "accounts/invitation_anonymous.html", {"next_query": next_query})
    if invitation.used_by_id and invitation.used_by_id != request.user.pk:
        raise Http404("Invitation used by someone else")

    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.accept_invitation(actor=request.user, invitation=invitation)
                messages.success(request, f"{invitation.coach.public_name} is now your coach.")
                return redirect("accounts:settings")
            if action == "decline":
                services.decline_invitation(actor=request.user, invitation=invitation)
                messages.info(request, "Invitation declined. Nothing was shared.")
                return redirect("home")
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("accounts:invitation", token=token)

    status = invitation.status
    link = selectors.latest_link(coach_id=invitation.coach_id, athlete=request.user)
    linked = link is not None and link.is_active
    context = {
        "invitation": invitation,
        "status": status,
        "own": invitation.coach_id == request.user.pk,
        "link": link,
        "already_linked": linked,
    }
    # An accepted invitation whose link has ended can't be used again (accept_invitation): gone, like an expired one.
    code = 200 if status == Invitation.Status.PENDING or (status == Invitation.Status.ACCEPTED and linked) else 410
    return render(request, "accounts/invitation.html", context, status=code)
