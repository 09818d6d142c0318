from django.contrib import admin

from .models import Exercise, ExerciseMuscle, ExerciseStep, Muscle


class ExerciseStepInline(admin.TabularInline):
    model = ExerciseStep
    extra = 0


class ExerciseMuscleInline(admin.TabularInline):
    model = ExerciseMuscle
    extra = 0
    autocomplete_fields = ["muscle"]


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "equipment", "pattern", "rep_min", "rep_max", "created_by"]
    list_filter = ["equipment", "pattern"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["alternatives"]
    inlines = [ExerciseStepInline, ExerciseMuscleInline]
    list_select_related = ["created_by"]


@admin.register(Muscle)
class MuscleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
