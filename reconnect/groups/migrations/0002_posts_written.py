from django.db import migrations, models
from django.db.models import Count


def count_posts(apps, schema_editor):
    """Members who already wrote keep their place: their posts are counted once, here."""
    GroupMember = apps.get_model("groups", "GroupMember")
    for seat in GroupMember.objects.annotate(written=Count("posts")).filter(written__gt=0):
        GroupMember.objects.filter(pk=seat.pk).update(posts_written=seat.written)


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="groupmember",
            name="posts_written",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_posts, migrations.RunPython.noop),
    ]
