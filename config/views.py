from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from exercises.cache import public_library_page
from exercises.content import WHY_TRAIN


@require_safe
@public_library_page
def home(request):
    return render(request, "home.html", {"why_train": WHY_TRAIN})


@never_cache
@require_safe
def healthz(request):
    """For load balancers and uptime checks: is the app up, and can it reach its database?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
