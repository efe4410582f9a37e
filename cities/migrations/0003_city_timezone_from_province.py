"""Every existing city gets its province's time zone (Keppres 41/1987).

The zones are frozen here, copied from ``reference/data/province_timezones.csv``, so the migration
gives the same result whatever that file later says; ``load_cities`` reads the file itself.
"""

from django.db import migrations

WIB, WIB_KALIMANTAN, WITA, WIT = "Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"
PROVINCE_ZONES = {
    **dict.fromkeys(["11", "12", "13", "14", "15", "16", "17", "18", "19", "21"], WIB),  # Sumatra, Riau Islands
    **dict.fromkeys(["31", "32", "33", "34", "35", "36"], WIB),  # Java
    **dict.fromkeys(["61", "62"], WIB_KALIMANTAN),  # West and Central Kalimantan
    **dict.fromkeys(["51", "52", "53"], WITA),  # Bali, Nusa Tenggara
    **dict.fromkeys(["63", "64", "65"], WITA),  # South, East and North Kalimantan
    **dict.fromkeys(["71", "72", "73", "74", "75", "76"], WITA),  # Sulawesi
    **dict.fromkeys(["81", "82"], WIT),  # Maluku
    **dict.fromkeys(["91", "92", "93", "94", "95", "96"], WIT),  # Papua
}


def set_zones_from_provinces(apps, schema_editor):
    City = apps.get_model("cities", "City")
    for province_code, zone in PROVINCE_ZONES.items():
        City.objects.filter(province__code=province_code).exclude(timezone=zone).update(timezone=zone)


class Migration(migrations.Migration):
    dependencies = [("cities", "0002_city_profile")]

    operations = [migrations.RunPython(set_zones_from_provinces, migrations.RunPython.noop)]
