from django.urls import path

from . import views

app_name = "exercises"

urlpatterns = [
    path("exercises/", views.exercise_list, name="exercise-list"),
    path("exercises/<slug:slug>/", views.exercise_detail, name="exercise-detail"),
    path("muscles/", views.muscle_list, name="muscle-list"),
    path("muscles/<slug:slug>/", views.muscle_detail, name="muscle-detail"),
]
