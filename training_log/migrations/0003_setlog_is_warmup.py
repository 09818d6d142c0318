from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations, models


def lifted_e1rm(weight_kg: Decimal, reps: int) -> Decimal:
    """Epley on the reps done (no RIR), as training_log.services.sessions.derive_figures now stores it.
    A copy on purpose: a migration must keep meaning what it meant when it was written."""
    if reps == 0:
        return Decimal(0)
    if reps == 1:
        return weight_kg
    return (weight_kg * (30 + reps) / 30).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def recompute_e1rm(apps, schema_editor):
    SetLog = apps.get_model("training_log", "SetLog")
    batch = []
    for logged in SetLog.objects.only("pk", "weight_kg", "reps", "e1rm_kg").iterator(chunk_size=2000):
        value = lifted_e1rm(logged.weight_kg, logged.reps)
        if value != logged.e1rm_kg:
            logged.e1rm_kg = value
            batch.append(logged)
        if len(batch) >= 2000:
            SetLog.objects.bulk_update(batch, ["e1rm_kg"])
            batch = []
    SetLog.objects.bulk_update(batch, ["e1rm_kg"])


class Migration(migrations.Migration):
    dependencies = [
        ("training_log", "0002_trust"),
    ]

    operations = [
        migrations.AddField(
            model_name="setlog",
            name="is_warmup",
            field=models.BooleanField(default=False, verbose_name="warm-up"),
        ),
        # Records now compare what was lifted: e1rm_kg becomes Epley on reps done, without RIR.
        migrations.RunPython(recompute_e1rm, migrations.RunPython.noop, elidable=True),
    ]
