import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The athlete column's own index, which the composite indexes starting with the athlete make redundant (and
# which led PostgreSQL's planner astray). Dropped by name: AlterField would drop and re-add the foreign key on
# PostgreSQL (checking every set again, writes blocked meanwhile) and copy the whole table on SQLite.
INDEX = "training_log_setlog_athlete_id_98891b64"


class Migration(migrations.Migration):
    dependencies = [
        ("training_log", "0009_comment_athlete"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="setlog",
                    name="athlete",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sets",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {INDEX}",
                    reverse_sql=f"CREATE INDEX {INDEX} ON training_log_setlog (athlete_id)",
                ),
            ],
        ),
    ]
