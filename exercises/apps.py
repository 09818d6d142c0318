from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "exercises"
    verbose_name = "Exercise library"

    def ready(self):
        from . import accounts_data

        # Deleting an account counts and deletes this app's rows of the person too (accounts.deletion).
        accounts_data.register_part()
