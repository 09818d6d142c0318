from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from .services import end_other_sessions


@receiver(user_logged_out)
def end_sessions_on_logout(sender, request, user, **kwargs):
    """Logging out anywhere logs out everywhere: a phone left in a gym locker stops being signed in."""
    if user is not None:
        end_other_sessions(actor=user)
