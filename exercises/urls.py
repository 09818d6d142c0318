from django.urls import path

from . import views

app_name = "exercises"

urlpatterns = [
    path("exercises/", views.exercise_list, name="exercise-list"),
    # Before the slug pattern, so "new" is never read as a library slug.
    path("exercises/new/", views.exercise_create, name="exercise-create"),
    path("exercises/custom/<id:pk>/", views.custom_exercise_detail, name="custom-detail"),
    path("exercises/custom/<id:pk>/edit/", views.exercise_edit, name="exercise-edit"),
    path("exercises/custom/<id:pk>/delete/", views.exercise_delete, name="exercise-delete"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise-detail"),
    path("muscles/", views.muscle_list, name="muscle-list"),
    path("muscles/<slug:slug>/", views.muscle_detail, name="muscle-detail"),
]
