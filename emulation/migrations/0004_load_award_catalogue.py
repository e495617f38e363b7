"""The titles and forms of commendation of Luật Thi đua, khen thưởng 06/2022/QH15 (Điều 9, Chương II).

Who confers each one follows Điều 80 as the legal default; since the district level was
abolished on 1/7/2025 the routing differs between provinces, so administrators edit it.
"""

from django.db import migrations

LAW = "Luật TĐKT 06/2022/QH15"

# code, name, short name, kind, scope, level, conferred by, requires, initiative, local, legal basis
CATALOGUE = [
    ("ldtt", "Lao động tiên tiến", "LĐTT", "title", "individual", "base", "commune_chair", None, False, False, f"{LAW}, Điều 24"),
    ("cstdcs", "Chiến sĩ thi đua cơ sở", "CSTĐCS", "title", "individual", "base", "department_director", "ldtt", True, False, f"{LAW}, Điều 23"),
    ("cstd-tinh", "Chiến sĩ thi đua cấp tỉnh", "CSTĐ cấp tỉnh", "title", "individual", "ministry_province", "province_chair", "ldtt", True, False, f"{LAW}, Điều 22"),
    ("cstd-bo", "Chiến sĩ thi đua cấp Bộ", "CSTĐ cấp Bộ", "title", "individual", "ministry_province", "minister", "ldtt", True, False, f"{LAW}, Điều 22"),
    ("cstd-toan-quoc", "Chiến sĩ thi đua toàn quốc", "CSTĐ toàn quốc", "title", "individual", "national", "prime_minister", "ldtt", True, False, f"{LAW}, Điều 21"),
    ("ttldtt", "Tập thể lao động tiên tiến", "TTLĐTT", "title", "collective", "base", "department_director", None, False, False, f"{LAW}, Điều 28"),
    ("ttldxs", "Tập thể lao động xuất sắc", "TTLĐXS", "title", "collective", "ministry_province", "province_chair", None, False, False, f"{LAW}, Điều 27"),
    ("co-thi-dua-tinh", "Cờ thi đua của Ủy ban nhân dân tỉnh", "Cờ thi đua tỉnh", "title", "collective", "ministry_province", "province_chair", None, False, False, f"{LAW}, Điều 26"),
    ("co-thi-dua-bo", "Cờ thi đua của Bộ Giáo dục và Đào tạo", "Cờ thi đua Bộ", "title", "collective", "ministry_province", "minister", None, False, False, f"{LAW}, Điều 26"),
    ("co-thi-dua-chinh-phu", "Cờ thi đua của Chính phủ", "Cờ thi đua Chính phủ", "title", "collective", "national", "prime_minister", None, False, False, f"{LAW}, Điều 25"),
    ("giay-khen", "Giấy khen", "Giấy khen", "form", "both", "base", "department_director", None, False, False, f"{LAW}, Điều 75"),
    ("bang-khen-tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "Bằng khen UBND tỉnh", "form", "both", "ministry_province", "province_chair", None, False, False, f"{LAW}, Điều 74"),
    ("bang-khen-bo", "Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo", "Bằng khen Bộ GDĐT", "form", "both", "ministry_province", "minister", None, False, False, f"{LAW}, Điều 74"),
    ("bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", "Bằng khen TTg", "form", "both", "national", "prime_minister", None, False, False, f"{LAW}, Điều 73"),
    ("huan-chuong-lao-dong-3", "Huân chương Lao động hạng Ba", "HCLĐ hạng Ba", "form", "both", "state", "president", None, False, False, f"{LAW}, Điều 83"),
    ("huan-chuong-lao-dong-2", "Huân chương Lao động hạng Nhì", "HCLĐ hạng Nhì", "form", "both", "state", "president", None, False, False, f"{LAW}, Điều 83"),
    ("huan-chuong-lao-dong-1", "Huân chương Lao động hạng Nhất", "HCLĐ hạng Nhất", "form", "both", "state", "president", None, False, False, f"{LAW}, Điều 83"),
    ("knc-giao-duc", "Kỷ niệm chương “Vì sự nghiệp giáo dục”", "KNC Vì sự nghiệp giáo dục", "form", "individual", "ministry_province", "minister", None, False, True, "Thông tư 29/2023/TT-BGDĐT"),
    ("huy-hieu-trong-nguoi", "Huy hiệu “Vì sự nghiệp trồng người”", "Huy hiệu Vì sự nghiệp trồng người", "form", "individual", "ministry_province", "union", None, False, True, ""),
    ("nha-giao-tieu-bieu", "Nhà giáo tiêu biểu của năm", "Nhà giáo tiêu biểu", "form", "individual", "ministry_province", "department_director", None, False, True, ""),
]  # fmt: skip


def load(apps, schema_editor):
    Award = apps.get_model("emulation", "Award")
    by_code = {}
    for order, row in enumerate(CATALOGUE, start=1):
        code, name, short, kind, scope, level, authority, requires, initiative, local, basis = row
        by_code[code], _created = Award.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "scope": scope,
                "level": level,
                "conferred_by": authority,
                "requires": by_code.get(requires),
                "needs_initiative": initiative,
                "is_local": local,
                "legal_basis": basis,
                "order": order * 10,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("emulation", "Award").objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("emulation", "0003_award_catalogue")]
    operations = [migrations.RunPython(load, unload)]
