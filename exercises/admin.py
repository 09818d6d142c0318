from django.contrib import admin

from .cache import library_changed
from .models import Exercise, ExerciseMuscle, ExerciseStep, Muscle


class ChangesTheLibrary(admin.ModelAdmin):
    """An edit here changes the public pages: retire their cached copies (exercises.cache)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # after the object, its inlines and its m2m
        library_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        library_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        library_changed()


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
