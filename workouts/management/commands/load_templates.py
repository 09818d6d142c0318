from django.core.management.base import BaseCommand

from workouts.services import load_public_templates


class Command(BaseCommand):
    help = "Load or update Scapula's public workout templates (run load_library first). Safe to re-run."

    def handle(self, *args, **options):
        report = load_public_templates()
        self.stdout.write(f"Public templates: {len(report.created)} created, {len(report.updated)} updated.")
