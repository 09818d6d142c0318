from django.db import migrations, models
from django.db.models import Exists, OuterRef


def judge_logged_sets(apps, schema_editor):
    """Every set with a RIR judged against its workout exercise's prescription, as the coach's figures
    judged it on each read until now (training_log.dashboard.quality): one UPDATE in the database."""
    SetLog = apps.get_model("training_log", "SetLog")
    SessionExercise = apps.get_model("training_log", "SessionExercise")
    inside = SessionExercise.objects.filter(
        pk=OuterRef("session_exercise_id"),
        rep_min__lte=OuterRef("reps"),
        rep_max__gte=OuterRef("reps"),
        rir_min__lte=OuterRef("rir"),
        rir_max__gte=OuterRef("rir"),
    )
    SetLog.objects.filter(rir__isnull=False).update(on_target=Exists(inside))


class Migration(migrations.Migration):
    dependencies = [
        ("training_log", "0010_setlog_athlete_covered_by_composite_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="setlog",
            name="on_target",
            field=models.BooleanField(editable=False, null=True, verbose_name="inside the prescription"),
        ),
        migrations.RunPython(judge_logged_sets, migrations.RunPython.noop, elidable=True),
    ]
