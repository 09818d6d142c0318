from django.db import migrations, models
from django.db.models import Exists, OuterRef
from django.utils import timezone


def clear_overrides_of_ended_links(apps, schema_editor):
    """Overrides still uncleared although their coach no longer coaches the athlete under the link they were
    set under (the link ended before ending a link cleared them): cleared now, as ending a link clears them
    from here on. The overrides table is small; one UPDATE."""
    CoachOverride = apps.get_model("training_log", "CoachOverride")
    CoachingLink = apps.get_model("accounts", "CoachingLink")
    under_a_link = CoachingLink.objects.filter(
        coach_id=OuterRef("set_by_id"),
        athlete_id=OuterRef("athlete_id"),
        ended_at__isnull=True,
        started_at__lte=OuterRef("created_at"),
    )
    CoachOverride.objects.filter(cleared_at__isnull=True).exclude(Exists(under_a_link)).update(
        cleared_at=timezone.now(), cleared_reason="link-ended"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_coaching_links_invitations_settings"),
        ("training_log", "0011_setlog_on_target"),
    ]

    operations = [
        migrations.AddField(
            model_name="coachoverride",
            name="cleared_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("replaced", "Replaced by a newer one"),
                    ("coach", "Cleared by the coach"),
                    ("dismissed", "Dismissed by the athlete"),
                    ("link-ended", "The coaching link ended"),
                ],
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="coachoverride",
            constraint=models.CheckConstraint(
                condition=models.Q(("cleared_reason", ""), ("cleared_at__isnull", False), _connector="OR"),
                name="override_reason_when_cleared",
            ),
        ),
        migrations.RunPython(clear_overrides_of_ended_links, migrations.RunPython.noop, elidable=True),
    ]
