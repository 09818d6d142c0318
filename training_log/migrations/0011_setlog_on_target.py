from django.db import migrations, models, transaction
from django.db.models import Exists, Max, Min, OuterRef

# Sets judged per transaction: each batch's UPDATE holds its rows (never the whole table) for well under a
# second on PostgreSQL at 3.1 million sets (docs/deploy.md, "Deploying a new version", has the figures).
BATCH = 5_000


def judge_logged_sets(apps, schema_editor, batch=BATCH):
    """Every set with a RIR judged against its workout exercise's prescription, as the coach's figures judged
    it on each read until now (training_log.dashboard.quality), a range of primary keys at a time, each range
    its own short transaction: the set table stays open for logging throughout. Sets the old code stores
    meanwhile get higher keys and are judged by the last ranges, until one finds no set beyond it."""
    SetLog = apps.get_model("training_log", "SetLog")
    SessionExercise = apps.get_model("training_log", "SessionExercise")
    using = schema_editor.connection.alias
    sets = SetLog.objects.using(using)
    inside = SessionExercise.objects.filter(
        pk=OuterRef("session_exercise_id"),
        rep_min__lte=OuterRef("reps"),
        rep_max__gte=OuterRef("reps"),
        rir_min__lte=OuterRef("rir"),
        rir_max__gte=OuterRef("rir"),
    )
    bounds = sets.aggregate(first=Min("pk"), last=Max("pk"))
    start, last = bounds["first"], bounds["last"]
    while start is not None and start <= last:
        with transaction.atomic(using=using):
            sets.filter(pk__gte=start, pk__lt=start + batch, rir__isnull=False).update(on_target=Exists(inside))
        start += batch
        if start > last:
            last = sets.aggregate(last=Max("pk"))["last"]


class Migration(migrations.Migration):
    # Not one transaction: the column is added (PostgreSQL: a catalog change, over in milliseconds) and
    # committed, then each batch of the backfill commits on its own.
    atomic = False

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
