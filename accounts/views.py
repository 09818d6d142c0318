import re

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlencode, urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .forms import InvitationForm, SettingsForm, SignUpForm
from .models import Invitation, User
from .parse import parse_id

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

        def confirmation_url(user):
            path = reverse(
                "accounts:activate",
                args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
            )
            return request.build_absolute_uri(path + (f"?{urlencode({'next': next_url})}" if next_url else ""))

        services.sign_up(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            display_name=data["display_name"],
            is_coach=data["is_coach"],
            build_url=confirmation_url,
        )
        request.session["accounts:signup-email"] = data["email"]
        return redirect("accounts:signup-done")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def signup_done(request):
    return render(request, "accounts/signup_done.html", {"email": request.session.get("accounts:signup-email", "")})


@require_http_methods(["GET", "POST"])
def activate(request, uidb64, token):
    """GET shows a button; POST confirms (a GET never changes anything, so mail scanners can't)."""
    try:
        user = User.objects.get(pk=parse_id(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, User.DoesNotExist):
        user = None
    valid = user is not None and not user.is_active and default_token_generator.check_token(user, token)
    if request.method == "POST" and valid and services.activate(user=user, token=token):
        login(request, user, backend="accounts.backends.EmailConfirmationBackend")
        messages.success(request, "Your e-mail address is confirmed. Welcome to Scapula!")
        return redirect(safe_next(request, reverse("accounts:settings")))
    return render(
        request,
        "accounts/activate.html",
        {"valid": valid, "next": safe_next(request, "")},
        status=200 if valid else 400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("accounts:settings")
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "coach_links": selectors.active_coach_links(request.user)},
    )


@login_required
@require_POST
def coach_link_end(request, link_id):
    """The athlete ends a coach's access."""
    link = selectors.get_link_for_athlete(request.user, link_id)
    services.end_link(link=link, by=request.user)
    messages.success(request, f"{link.coach.public_name} no longer sees your training. Your data stays with you.")
    return redirect("accounts:settings")


def _require_coach(request):
    if not request.user.is_coach:
        messages.info(request, "Switch on “I coach other lifters” to use the coach pages.")
        return redirect("accounts:settings")
    return None


@login_required
@require_http_methods(["GET"])
def athlete_list(request):
    if response := _require_coach(request):
        return response
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
def invitation_create(request):
    if response := _require_coach(request):
        return response
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Keep the name under 80 characters.")
        return redirect("accounts:athlete-list")
    _, token = services.create_invitation(coach=request.user, label=form.cleaned_data["label"])
    # Only a hash is stored, so this is the one time the link can be shown.
    request.session[NEW_INVITATION_SESSION_KEY] = request.build_absolute_uri(
        reverse("accounts:invitation", args=[token])
    )
    return redirect("accounts:athlete-list")


@login_required
@require_POST
def invitation_revoke(request, invitation_id):
    invitation = selectors.get_pending_invitation_for_coach(request.user, invitation_id)
    services.revoke_invitation(invitation=invitation)
    messages.success(request, "Invitation revoked: its link no longer works.")
    return redirect("accounts:athlete-list")


@login_required
@require_POST
def athlete_link_end(request, link_id):
    """The coach ends their own access to an athlete."""
    link = selectors.get_link_for_coach(request.user, link_id)
    services.end_link(link=link, by=request.user)
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
                services.accept_invitation(invitation=invitation, athlete=request.user)
                messages.success(request, f"{invitation.coach.public_name} is now your coach.")
                return redirect("accounts:settings")
            if action == "decline":
                services.decline_invitation(invitation=invitation, athlete=request.user)
                messages.info(request, "Invitation declined. Nothing was shared.")
                return redirect("home")
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("accounts:invitation", token=token)

    status = invitation.status
    context = {
        "invitation": invitation,
        "status": status,
        "own": invitation.coach_id == request.user.pk,
        "already_linked": selectors.active_coach_links(request.user).filter(coach_id=invitation.coach_id).exists(),
    }
    code = 200 if status in (Invitation.Status.PENDING, Invitation.Status.ACCEPTED) else 410
    return render(request, "accounts/invitation.html", context, status=code)
