from django.contrib import admin
from django.urls import include, path

from accounts.urls import auth_urlpatterns

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("", include("exercises.urls")),
    path("", include("accounts.urls")),
    path("", include("workouts.urls")),
    path("", include("training_log.urls")),
    *auth_urlpatterns,
    path("admin/", admin.site.urls),
]
