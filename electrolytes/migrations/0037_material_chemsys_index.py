from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("electrolytes", "0036_material_explore_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="material",
            index=models.Index(
                fields=["elements", "status", "name", "id"], include=("physical_state",), name="material_chemsys"
            ),
        ),
    ]
