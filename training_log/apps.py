from django.apps import AppConfig


class TrainingLogConfig(AppConfig):
    name = "training_log"
    verbose_name = "Training log"
