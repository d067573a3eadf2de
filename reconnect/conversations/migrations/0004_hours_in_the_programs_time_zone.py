"""One time zone per program: the care team's hours are read in Program.time_zone, and their
own zone column goes.

Where the program had no zone of its own (blank: the server's), it takes the one its hours were
set in, so the hours keep meaning what the admin set. Where both were set and differ, the
program's zone stays (it is what everyone's pages were already shown in), and the hours are read
in it from now on; the admin sees the zone on the hours page. Going back puts the program's zone
on the hours again.
"""

from django.conf import settings
from django.db import migrations


def hours_zone_to_program(apps, schema_editor):
    CareTeamHours = apps.get_model("conversations", "CareTeamHours")
    Program = apps.get_model("people", "Program")
    for hours in CareTeamHours.objects.select_related("program"):
        if not hours.program.time_zone and hours.timezone_name:
            Program.objects.filter(pk=hours.program_id).update(time_zone=hours.timezone_name)


def program_zone_to_hours(apps, schema_editor):
    CareTeamHours = apps.get_model("conversations", "CareTeamHours")
    for hours in CareTeamHours.objects.select_related("program"):
        hours.timezone_name = hours.program.time_zone or settings.TIME_ZONE
        hours.save(update_fields=["timezone_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0003_safety_contact_hours"),
        ("people", "0007_time_zone_and_demographics"),
    ]

    operations = [
        migrations.RunPython(hours_zone_to_program, program_zone_to_hours),
        migrations.RemoveField(model_name="careteamhours", name="timezone_name"),
    ]
