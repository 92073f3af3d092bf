"""The measurement tally per material status (the home page's totals) and the triggers that keep it.

Statement-level triggers with transition tables: one grouped upsert per INSERT/COPY, DELETE or UPDATE
statement, whatever its number of rows, in the writer's transaction.
"""

from django.db import migrations, models

TRIGGERS = """
CREATE FUNCTION electrolytes_tally_add(rows_status text[], rows_n bigint[]) RETURNS void AS $$
    INSERT INTO electrolytes_measurementtally (status, measurements)
    SELECT s, n FROM unnest(rows_status, rows_n) AS t(s, n)
    ON CONFLICT (status) DO UPDATE SET measurements = electrolytes_measurementtally.measurements + EXCLUDED.measurements;
$$ LANGUAGE sql;

CREATE FUNCTION electrolytes_tally_measurement_insert() RETURNS trigger AS $$
BEGIN
    PERFORM electrolytes_tally_add(array_agg(status::text), array_agg(n::bigint)) FROM (
        SELECT m.status, count(*) AS n FROM added a JOIN electrolytes_material m ON m.id = a.material_id
        GROUP BY m.status) g HAVING count(*) > 0;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION electrolytes_tally_measurement_delete() RETURNS trigger AS $$
BEGIN
    PERFORM electrolytes_tally_add(array_agg(status::text), array_agg(-n::bigint)) FROM (
        SELECT m.status, count(*) AS n FROM removed r JOIN electrolytes_material m ON m.id = r.material_id
        GROUP BY m.status) g HAVING count(*) > 0;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION electrolytes_tally_measurement_update() RETURNS trigger AS $$
BEGIN
    PERFORM electrolytes_tally_add(array_agg(status::text), array_agg(n::bigint)) FROM (
        SELECT status, sum(n) AS n FROM (
            SELECT m.status, -1 AS n FROM before_rows o JOIN after_rows a ON a.id = o.id
                JOIN electrolytes_material m ON m.id = o.material_id WHERE a.material_id <> o.material_id
            UNION ALL
            SELECT m.status, 1 FROM before_rows o JOIN after_rows a ON a.id = o.id
                JOIN electrolytes_material m ON m.id = a.material_id WHERE a.material_id <> o.material_id
        ) moves GROUP BY status) g HAVING count(*) > 0;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION electrolytes_tally_material_update() RETURNS trigger AS $$
BEGIN
    PERFORM electrolytes_tally_add(array_agg(status::text), array_agg(n::bigint)) FROM (
        SELECT status, sum(n) AS n FROM (
            SELECT o.status, -(SELECT count(*) FROM electrolytes_measurement x WHERE x.material_id = o.id) AS n
                FROM before_rows o JOIN after_rows a ON a.id = o.id WHERE a.status <> o.status
            UNION ALL
            SELECT a.status, (SELECT count(*) FROM electrolytes_measurement x WHERE x.material_id = a.id)
                FROM before_rows o JOIN after_rows a ON a.id = o.id WHERE a.status <> o.status
        ) moves GROUP BY status) g HAVING count(*) > 0;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER measurement_tally_insert AFTER INSERT ON electrolytes_measurement
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION electrolytes_tally_measurement_insert();
CREATE TRIGGER measurement_tally_delete AFTER DELETE ON electrolytes_measurement
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION electrolytes_tally_measurement_delete();
CREATE TRIGGER measurement_tally_update AFTER UPDATE ON electrolytes_measurement
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
    FOR EACH STATEMENT EXECUTE FUNCTION electrolytes_tally_measurement_update();
CREATE TRIGGER material_tally_update AFTER UPDATE ON electrolytes_material
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
    FOR EACH STATEMENT EXECUTE FUNCTION electrolytes_tally_material_update();
"""

DROP = """
DROP TRIGGER IF EXISTS material_tally_update ON electrolytes_material;
DROP TRIGGER IF EXISTS measurement_tally_update ON electrolytes_measurement;
DROP TRIGGER IF EXISTS measurement_tally_delete ON electrolytes_measurement;
DROP TRIGGER IF EXISTS measurement_tally_insert ON electrolytes_measurement;
DROP FUNCTION IF EXISTS electrolytes_tally_material_update();
DROP FUNCTION IF EXISTS electrolytes_tally_measurement_update();
DROP FUNCTION IF EXISTS electrolytes_tally_measurement_delete();
DROP FUNCTION IF EXISTS electrolytes_tally_measurement_insert();
DROP FUNCTION IF EXISTS electrolytes_tally_add(text[], bigint[]);
"""


class Migration(migrations.Migration):
    dependencies = [("electrolytes", "0021_crystal_structure_permissions")]

    operations = [
        migrations.CreateModel(
            name="MeasurementTally",
            fields=[
                ("status", models.CharField(max_length=20, primary_key=True, serialize=False)),
                ("measurements", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunSQL(TRIGGERS, DROP),
    ]
