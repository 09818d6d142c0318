from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import BackgroundPasswordResetForm, LoginForm

app_name = "accounts"

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/signup/done/", views.signup_done, name="signup-done"),
    path("accounts/signup/again/", views.confirmation_again, name="confirmation-again"),
    path("accounts/activate/<str:uidb64>/<str:token>/", views.activate, name="activate"),
    path("accounts/settings/", views.settings_view, name="settings"),
    path("accounts/settings/email/", views.email_change, name="email-change"),
    path("accounts/email/<str:token>/", views.email_confirm, name="email-confirm"),
    path("accounts/delete/", views.account_delete, name="account-delete"),
    path("accounts/deleting/<str:token>/", views.account_deletion, name="account-deletion"),
    path("accounts/coaches/<id:link_id>/end/", views.coach_link_end, name="coach-link-end"),
    path("accounts/invite/<str:token>/", views.invitation, name="invitation"),
    path("coach/athletes/", views.athlete_list, name="athlete-list"),
    path("coach/athletes/<id:link_id>/end/", views.athlete_link_end, name="athlete-link-end"),
    path("coach/invitations/", views.invitation_create, name="invitation-create"),
    path("coach/invitations/<id:invitation_id>/revoke/", views.invitation_revoke, name="invitation-revoke"),
]

# Django's own auth views keep their global names (login, logout, password_reset, ...), which they
# reverse internally; only the log-in form is ours, for clearer messages.
auth_urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=BackgroundPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
]
