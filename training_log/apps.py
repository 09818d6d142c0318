from django.apps import AppConfig


class TrainingLogConfig(AppConfig):
    name = "training_log"
    verbose_name = "Training log"

    def ready(self):
        from . import accounts_data, cardcache

        # Each workout card's history is kept until a write to an earlier workout retires it.
        cardcache.connect_signals()
        accounts_data.register_part()
