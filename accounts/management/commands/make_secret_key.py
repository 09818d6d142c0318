import os
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

REFUSED = (
    "Refusing to make a new secret key: the database already has accounts, and a new key would log every one "
    "of them out (their sessions and pending e-mail links are signed with the old one). Give the key the site "
    "ran with: set DJANGO_SECRET_KEY, or put it in {path}. To start afresh on purpose (everyone logged out), "
    "write a new key there yourself."
)


def _has_accounts() -> bool:
    try:
        return get_user_model().objects.exists()
    except DatabaseError:  # not migrated yet: a new database
        return False


class Command(BaseCommand):
    help = (
        "For `make serve`: makes a secret key in the given file (mode 600) when none is given, unless the "
        "database already has accounts (then it refuses: a new key would log them all out)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        path = Path(path)
        if os.environ.get("DJANGO_SECRET_KEY") or (path.exists() and path.stat().st_size > 0):
            return
        if _has_accounts():
            raise CommandError(REFUSED.format(path=path))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as key_file:
            key_file.write(secrets.token_urlsafe(50) + "\n")
        self.stdout.write(f"Made a secret key in {path}.")
