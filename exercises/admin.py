from django.contrib import admin
from django.db import transaction

from accounts.versions import changed

from .models import Exercise, ExerciseMuscle, ExerciseStep, Muscle


class ChangesTheLibrary(admin.ModelAdmin):
    """An edit here changes the library: a new library version in the edit's transaction (accounts.versions;
    the admin runs each change in one). The creator of a custom exercise edited here gets a new version too."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # after the object, its inlines and its m2m
        changed(library=True, people=[getattr(form.instance, "created_by_id", None)])

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            changed(library=True, people=[getattr(obj, "created_by_id", None)])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            people = (
                list(queryset.values_list("created_by_id", flat=True)) if hasattr(queryset.model, "created_by") else []
            )
            super().delete_queryset(request, queryset)
            changed(library=True, people=people)


class ExerciseStepInline(admin.TabularInline):
    model = ExerciseStep
    extra = 0


class ExerciseMuscleInline(admin.TabularInline):
    model = ExerciseMuscle
    extra = 0
    autocomplete_fields = ["muscle"]


@admin.register(Exercise)
class ExerciseAdmin(ChangesTheLibrary):
    list_display = ["name", "equipment", "pattern", "rep_min", "rep_max", "created_by"]
    list_filter = ["equipment", "pattern"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["alternatives"]
    inlines = [ExerciseStepInline, ExerciseMuscleInline]
    list_select_related = ["created_by"]


@admin.register(Muscle)
class MuscleAdmin(ChangesTheLibrary):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
