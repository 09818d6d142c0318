from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.urls import register_converter

        from . import pagecache, signals  # noqa: F401

        pagecache.connect_signals()
        from .parse import IdConverter

        # `<id:pk>` in every app's URLs: ids read through accounts.parse.parse_id. Registered here,
        # before any URLconf is imported, so each app's urls.py can use it.
        register_converter(IdConverter, "id")
