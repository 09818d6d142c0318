"""The import/export room's pages, in the training_log namespace (training_log.urls includes them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("log/export/", views.export, name="export"),
    path("log/export/sets.csv", views.export_sets, name="export-sets"),
    path("log/export/strong.csv", views.export_strong, name="export-strong"),
    path("log/export/account.json", views.export_account, name="export-account"),
    path("log/import/", views.upload, name="import"),
    path("log/import/<id:pk>/", views.detail, name="import-detail"),
    path("log/import/<id:pk>/progress/", views.progress, name="import-progress"),
    path("log/import/<id:pk>/discard/", views.discard, name="import-discard"),
    path("log/import/<id:pk>/cancel/", views.cancel, name="import-cancel"),
]
