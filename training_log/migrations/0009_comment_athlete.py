import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_athlete(apps, schema_editor):
    Comment = apps.get_model("training_log", "Comment")
    TrainingSession = apps.get_model("training_log", "TrainingSession")
    athlete = TrainingSession.objects.filter(pk=OuterRef("session_id")).values("athlete_id")[:1]
    Comment.objects.update(athlete_id=Subquery(athlete))


class Migration(migrations.Migration):
    dependencies = [
        ("training_log", "0008_imports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="athlete",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(copy_athlete, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="comment",
            name="athlete",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["athlete", "created_at"], name="training_lo_athlete_800ac5_idx"),
        ),
    ]
