from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import CoachingLink, User
from accounts.versions import changed

DEMO_PASSWORD = "scapula-demo-2026"
DEMO_USERS = [
    {"username": "coach", "display_name": "Coach Casey", "is_coach": True},
    {"username": "alex", "display_name": "Alex", "is_coach": False},
    {"username": "sam", "display_name": "Sam", "is_coach": False},
]


class Command(BaseCommand):
    help = "Create the demo coach and two linked athletes, when absent. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stderr.write("Demo accounts are for development only; DJANGO_DEBUG is off, so none were made.")
            return
        with transaction.atomic():
            users = {}
            for data in DEMO_USERS:
                user, created = User.objects.get_or_create(
                    username=data["username"],
                    defaults={**data, "email": f"{data['username']}@demo.scapula.invalid"},
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.save(update_fields=["password"])
                users[data["username"]] = user
            for athlete in ("alex", "sam"):
                CoachingLink.objects.active().get_or_create(coach=users["coach"], athlete=users[athlete])
            changed(people=users.values())
        self.stdout.write("Demo log-ins (development only), password for all three: " + DEMO_PASSWORD)
        self.stdout.write("  coach  - Coach Casey, coaches Alex and Sam")
        self.stdout.write("  alex   - athlete")
        self.stdout.write("  sam    - athlete")
