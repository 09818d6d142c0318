from django.apps import AppConfig


class WorkoutsConfig(AppConfig):
    name = "workouts"
    verbose_name = "Workouts"

    def ready(self):
        from . import accounts_data

        # Deleting an account counts and deletes this app's rows of the person too (accounts.deletion).
        accounts_data.register_part()
