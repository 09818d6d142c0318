from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction

from .models import User
from .versions import changed


class ScapulaUserAdmin(UserAdmin):
    """Django's user admin; a change here shows on the person's pages and their coach's or athletes'."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            changed(people=[obj])


admin.site.register(User, ScapulaUserAdmin)
