from django.contrib.auth.backends import ModelBackend


class EmailConfirmationBackend(ModelBackend):
    """Checks the password of unconfirmed accounts too, so the log-in form can say "confirm your
    e-mail first" (AuthenticationForm.confirm_login_allowed) instead of "wrong password".

    Sessions still belong to active users only.
    """

    def user_can_authenticate(self, user):
        return True

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
