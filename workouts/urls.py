from django.urls import path

from . import views

app_name = "workouts"

urlpatterns = [
    path("workouts/templates/", views.template_list, name="template-list"),
    path("workouts/templates/new/", views.template_create, name="template-create"),
    path("workouts/templates/<int:pk>/", views.template_detail, name="template-detail"),
    path("workouts/templates/<int:pk>/edit/", views.template_edit, name="template-edit"),
    path("workouts/templates/<int:pk>/add/", views.template_item_add, name="template-item-add"),
    path("workouts/templates/<int:pk>/copy/", views.template_copy, name="template-copy"),
    path("workouts/templates/<int:pk>/delete/", views.template_delete, name="template-delete"),
    path("workouts/templates/<int:pk>/assign/", views.template_assign, name="template-assign"),
    path("workouts/templates/<int:pk>/reapply/", views.template_reapply, name="template-reapply"),
    path("plan/", views.plan, name="plan"),
    path("plan/athletes/<int:athlete_id>/", views.athlete_plan, name="athlete-plan"),
    path("plan/sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("plan/sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
]
