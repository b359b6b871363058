"""The states an outreach entry was sent to go through OutreachEntryState, whose state is PROTECT.

Django cannot turn a plain many-to-many into one with its own through model in place, so the
links are copied into the new table before the old field (and its table) go; the history of the
links is kept by renaming its table and column.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):
    entry_model = apps.get_model("reminders", "OutreachEntry")
    link_model = apps.get_model("reminders", "OutreachEntryState")
    old_links = entry_model.states.through.objects.values_list("outreachentry_id", "state_id")
    link_model.objects.bulk_create(
        link_model(entry_id=entry_id, state_id=state_id) for entry_id, state_id in old_links.iterator()
    )


def copy_links_back(apps, schema_editor):
    entry_model = apps.get_model("reminders", "OutreachEntry")
    link_model = apps.get_model("reminders", "OutreachEntryState")
    old_link_model = entry_model.states.through
    old_link_model.objects.bulk_create(
        old_link_model(outreachentry_id=entry_id, state_id=state_id)
        for entry_id, state_id in link_model.objects.values_list("entry_id", "state_id").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0002_digest_status_messages_of_the_outbox"),
        ("states", "0003_plural_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="OutreachEntryState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("entry", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="reminders.outreachentry", verbose_name="outreach entry")),
                ("state", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="states.state", verbose_name="state")),
            ],
            options={
                "verbose_name": "state an outreach entry was sent to",
                "constraints": [models.UniqueConstraint(fields=("entry", "state"), name="outreach_state_once")],
            },
        ),
        migrations.RunPython(copy_links, copy_links_back),
        migrations.RemoveField(model_name="outreachentry", name="states"),
        migrations.AddField(
            model_name="outreachentry",
            name="states",
            field=models.ManyToManyField(blank=True, related_name="outreach_entries", through="reminders.OutreachEntryState", to="states.state", verbose_name="states"),
        ),
        migrations.RenameModel(old_name="HistoricalOutreachEntry_states", new_name="HistoricalOutreachEntryState"),
        migrations.RenameField(model_name="historicaloutreachentrystate", old_name="outreachentry", new_name="entry"),
        migrations.AlterField(
            model_name="historicaloutreachentrystate",
            name="entry",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="reminders.outreachentry", verbose_name="outreach entry"),
        ),
        migrations.AlterField(
            model_name="historicaloutreachentrystate",
            name="state",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="states.state", verbose_name="state"),
        ),
        migrations.AlterModelOptions(
            name="historicaloutreachentrystate",
            options={"verbose_name": "HistoricalOutreachEntryState"},
        ),
    ]
