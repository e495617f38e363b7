"""The fields of application an initiative is filed under (TT 18/2013 Phụ lục I, "lĩnh vực áp dụng").

A default list; administrators add, rename or retire fields in the admin.
"""

from django.db import migrations

FIELDS = [
    ("giang-day", "Giảng dạy bộ môn"),
    ("quan-ly", "Quản lý giáo dục"),
    ("khac", "Khác"),
]


def load(apps, schema_editor):
    Field = apps.get_model("initiatives", "Field")
    for order, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
