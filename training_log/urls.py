from django.urls import path

from . import views
from .imports import views as imports

app_name = "training_log"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("coach/", views.coach_dashboard, name="coach-dashboard"),
    path("coach/athletes/<id:athlete_id>/", views.coach_athlete, name="coach-athlete"),
    path("progress/", views.progress, name="progress"),
    path("progress/athletes/<id:athlete_id>/", views.athlete_progress, name="athlete-progress"),
    path("log/", views.log_history, name="history"),
    path("log/export/", views.export, name="export"),
    path("log/export/sets.csv", views.export_sets, name="export-sets"),
    path("log/export/strong.csv", views.export_strong, name="export-strong"),
    path("log/export/account.json", views.export_account, name="export-account"),
    path("log/import/", imports.upload, name="import"),
    path("log/import/<id:pk>/", imports.detail, name="import-detail"),
    path("log/import/<id:pk>/progress/", imports.progress, name="import-progress"),
    path("log/import/<id:pk>/discard/", imports.discard, name="import-discard"),
    path("log/athletes/<id:athlete_id>/", views.athlete_log, name="athlete-log"),
    path("log/sessions/start/", views.session_start, name="session-start"),
    path("log/sessions/<id:pk>/", views.session_detail, name="session-detail"),
    path("log/sessions/<id:pk>/add/", views.exercise_add, name="exercise-add"),
    path("log/sessions/<id:pk>/finish/", views.session_finish, name="session-finish"),
    path("log/sessions/<id:pk>/reopen/", views.session_reopen, name="session-reopen"),
    path("log/sessions/<id:pk>/summary/", views.session_summary, name="session-summary"),
    path("log/sessions/<id:pk>/exercises/<id:item_pk>/sets/", views.set_create, name="set-create"),
    path("log/sessions/<id:pk>/exercises/<id:item_pk>/skip/", views.exercise_skip, name="exercise-skip"),
    path("log/sessions/<id:pk>/exercises/<id:item_pk>/swap/", views.exercise_swap, name="exercise-swap"),
    path("log/sessions/<id:pk>/exercises/<id:item_pk>/note/", views.exercise_note, name="exercise-note"),
    path("log/sessions/<id:pk>/comments/", views.comment_create, name="comment-create"),
    path("log/sessions/<id:pk>/comments/read/", views.comments_read, name="comments-read"),
    path("coach/athletes/<id:athlete_id>/override/", views.override, name="override"),
    path(
        "coach/athletes/<id:athlete_id>/override/<id:override_id>/clear/", views.override_clear, name="override-clear"
    ),
    path("log/sets/<id:pk>/edit/", views.set_edit, name="set-edit"),
    path("log/sets/<id:pk>/delete/", views.set_delete, name="set-delete"),
    path("progress/exercises/<id:exercise_id>/", views.exercise_history, name="exercise-history"),
    path(
        "progress/athletes/<id:athlete_id>/exercises/<id:exercise_id>/",
        views.athlete_exercise_history,
        name="athlete-exercise-history",
    ),
]
