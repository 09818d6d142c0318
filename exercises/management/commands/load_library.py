from django.core.management.base import BaseCommand

from exercises.services import load_library


class Command(BaseCommand):
    help = "Load or update Scapula's exercise library. Safe to re-run; never touches user-created exercises."

    def handle(self, *args, **options):
        report = load_library()
        for slug in report.skipped:
            self.stderr.write(f"Skipped {slug}: a user-created exercise already uses that slug.")
        self.stdout.write(
            f"Library: {len(report.created)} created, {len(report.updated)} updated, {len(report.skipped)} skipped."
        )
