from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Scapula's user. Custom from the first migration so it never has to be swapped later."""
