from django.apps import AppConfig


class TrainingLogConfig(AppConfig):
    name = "training_log"
    verbose_name = "Training log"

    def ready(self):
        from . import accounts_data

        accounts_data.register_part()
