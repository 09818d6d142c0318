from django.contrib.auth.backends import ModelBackend

from .versions import user_with_library_version


class EmailConfirmationBackend(ModelBackend):
    """Checks the password of unconfirmed accounts too, so the log-in form can say "confirm your
    e-mail first" (AuthenticationForm.confirm_login_allowed) instead of "wrong password".

    Sessions still belong to active users only. The user comes with the library's version in the same
    query (accounts.versions), which their cached pages are keyed by.
    """

    def user_can_authenticate(self, user):
        return True

    def get_user(self, user_id):
        user = user_with_library_version(user_id)
        return user if user is not None and user.is_active else None
