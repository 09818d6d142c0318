from django.urls import path

from . import views

app_name = "workouts"

urlpatterns = [
    path("workouts/templates/", views.template_list, name="template-list"),
    path("workouts/templates/new/", views.template_create, name="template-create"),
    path("workouts/templates/<id:pk>/", views.template_detail, name="template-detail"),
    path("workouts/templates/<id:pk>/edit/", views.template_edit, name="template-edit"),
    path("workouts/templates/<id:pk>/add/", views.template_item_add, name="template-item-add"),
    path("workouts/templates/<id:pk>/copy/", views.template_copy, name="template-copy"),
    path("workouts/templates/<id:pk>/delete/", views.template_delete, name="template-delete"),
    path("workouts/templates/<id:pk>/assign/", views.template_assign, name="template-assign"),
    path("workouts/templates/<id:pk>/reapply/", views.template_reapply, name="template-reapply"),
    path("plan/", views.plan, name="plan"),
    path("plan/athletes/<id:athlete_id>/", views.athlete_plan, name="athlete-plan"),
    path("plan/sessions/<id:pk>/", views.session_detail, name="session-detail"),
    path("plan/sessions/<id:pk>/edit/", views.session_edit, name="session-edit"),
    path("plan/sessions/<id:pk>/move/", views.session_move, name="session-move"),
    path("plan/sessions/<id:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("plan/sessions/<id:pk>/delete/", views.session_delete, name="session-delete"),
    path("plan/sessions/<id:pk>/skip/", views.session_skip, name="session-skip"),
    path("plan/sessions/<id:pk>/unskip/", views.session_unskip, name="session-unskip"),
    path("plan/assignments/<id:pk>/end/", views.assignment_end, name="assignment-end"),
]
