"""Every training_log page; the import/export room keeps its own list (transfer.urls), in this namespace."""

from django.urls import include, path

from .views import coaching, progress, workout

app_name = "training_log"

urlpatterns = [
    path("today/", workout.today, name="today"),
    path("coach/", coaching.coach_dashboard, name="coach-dashboard"),
    path("coach/athletes/<id:athlete_id>/", coaching.coach_athlete, name="coach-athlete"),
    path("progress/", progress.progress, name="progress"),
    path("progress/athletes/<id:athlete_id>/", progress.athlete_progress, name="athlete-progress"),
    path("log/", progress.log_history, name="history"),
    path("", include("training_log.transfer.urls")),
    path("log/athletes/<id:athlete_id>/", progress.athlete_log, name="athlete-log"),
    path("log/sessions/start/", workout.session_start, name="session-start"),
    path("log/sessions/<id:pk>/", workout.session_detail, name="session-detail"),
    path("log/sessions/<id:pk>/add/", workout.exercise_add, name="exercise-add"),
    path("log/sessions/<id:pk>/finish/", workout.session_finish, name="session-finish"),
    path("log/sessions/<id:pk>/reopen/", workout.session_reopen, name="session-reopen"),
    path("log/sessions/<id:pk>/summary/", coaching.session_summary, name="session-summary"),
    path("log/sessions/<id:pk>/exercises/<id:item_pk>/sets/", workout.set_create, name="set-create"),
    path("log/sessions/<id:pk>/exercises/<id:item_pk>/skip/", workout.exercise_skip, name="exercise-skip"),
    path("log/sessions/<id:pk>/exercises/<id:item_pk>/swap/", workout.exercise_swap, name="exercise-swap"),
    path("log/sessions/<id:pk>/exercises/<id:item_pk>/note/", workout.exercise_note, name="exercise-note"),
    path(
        "log/sessions/<id:pk>/exercises/<id:item_pk>/overrides/<id:override_id>/dismiss/",
        workout.override_dismiss,
        name="override-dismiss",
    ),
    path("log/sessions/<id:pk>/comments/", coaching.comment_create, name="comment-create"),
    path("log/sessions/<id:pk>/comments/read/", coaching.comments_read, name="comments-read"),
    path("coach/athletes/<id:athlete_id>/override/", coaching.override, name="override"),
    path(
        "coach/athletes/<id:athlete_id>/override/<id:override_id>/clear/",
        coaching.override_clear,
        name="override-clear",
    ),
    path("log/sets/<id:pk>/edit/", workout.set_edit, name="set-edit"),
    path("log/sets/<id:pk>/delete/", workout.set_delete, name="set-delete"),
    path("progress/exercises/<id:exercise_id>/", progress.exercise_history, name="exercise-history"),
    path(
        "progress/athletes/<id:athlete_id>/exercises/<id:exercise_id>/",
        progress.athlete_exercise_history,
        name="athlete-exercise-history",
    ),
]
