from django.apps import AppConfig


class TrainingLogConfig(AppConfig):
    name = "training_log"
    verbose_name = "Training log"

    def ready(self):
        from accounts import links

        from . import accounts_data, cardcache
        from .services.overrides import end_with_link

        # Each workout card's history is kept until a write to an earlier workout retires it.
        cardcache.connect_signals()
        accounts_data.register_part()
        # A coach's overrides of an athlete end with their link, whichever side ends it.
        links.register(self.label, end_with_link)
