from django.apps import AppConfig


class TrainingLogConfig(AppConfig):
    name = "training_log"
    verbose_name = "Training log"

    def ready(self):
        from accounts import links

        from . import accounts_data
        from .services.overrides import end_with_link

        accounts_data.register_part()
        # A coach's overrides of an athlete end with their link, whichever side ends it.
        links.register(self.label, end_with_link)
