from django.urls import path

from . import views

app_name = "training_log"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("log/", views.log_history, name="history"),
    path("log/athletes/<int:athlete_id>/", views.athlete_log, name="athlete-log"),
    path("log/sessions/start/", views.session_start, name="session-start"),
    path("log/sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("log/sessions/<int:pk>/add/", views.exercise_add, name="exercise-add"),
    path("log/sessions/<int:pk>/finish/", views.session_finish, name="session-finish"),
    path("log/sessions/<int:pk>/reopen/", views.session_reopen, name="session-reopen"),
    path("log/sessions/<int:pk>/summary/", views.session_summary, name="session-summary"),
    path("log/sessions/<int:pk>/exercises/<int:item_pk>/sets/", views.set_create, name="set-create"),
    path("log/sessions/<int:pk>/exercises/<int:item_pk>/skip/", views.exercise_skip, name="exercise-skip"),
    path("log/sessions/<int:pk>/exercises/<int:item_pk>/swap/", views.exercise_swap, name="exercise-swap"),
    path("log/sessions/<int:pk>/exercises/<int:item_pk>/note/", views.exercise_note, name="exercise-note"),
    path("log/sets/<int:pk>/edit/", views.set_edit, name="set-edit"),
    path("log/sets/<int:pk>/delete/", views.set_delete, name="set-delete"),
]
