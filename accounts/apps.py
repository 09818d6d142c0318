from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.urls import register_converter

        from core.parse import IdConverter

        from . import signals  # noqa: F401

        # `<id:pk>` in every app's URLs: ids read through core.parse.parse_id. Registered here,
        # before any URLconf is imported, so each app's urls.py can use it.
        register_converter(IdConverter, "id")
