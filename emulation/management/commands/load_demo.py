import time
from collections import Counter

from django.core.management.base import BaseCommand

from emulation.demo import DEMO_PASSWORD, build_demo
from emulation.enums import Role, SchoolLevel

LEVELS = (
    (SchoolLevel.PRESCHOOL, "Preschool (MG-MN)"),
    (SchoolLevel.PRIMARY, "Primary (TH)"),
    (SchoolLevel.LOWER_SECONDARY, "Lower-secondary (THCS)"),
)


class Command(BaseCommand):
    help = (
        "Load the demo: Sở GDĐT Bình Dương, Phòng GDĐT Dầu Tiếng with its 42 schools and their staff, "
        "the school years 2024-2025 and 2025-2026, and one login per role. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        result = build_demo()
        elapsed = time.perf_counter() - started

        out = self.stdout
        levels = Counter(unit.level for unit in result.schools)
        sizes = [result.staff_by_unit.get(unit.pk, 0) for unit in result.schools]
        out.write(self.style.MIGRATE_HEADING("Units"))
        out.write(f"  {result.province}: 1")
        out.write(f"  {result.district}: 1 ({result.staff_by_unit.get(result.district.pk, 0)} staff)")
        for level, label in LEVELS:
            out.write(f"  {label} schools: {levels[level]}")
        out.write(f"  created now: {result.units_created}")
        out.write(self.style.MIGRATE_HEADING("Staff"))
        out.write(
            f"  {result.people_total} people ({result.people_created} created now); "
            f"per school {min(sizes)}–{max(sizes)}"
        )
        if result.periods_created:
            out.write(f"  school years created: {result.periods_created}")
        out.write(self.style.MIGRATE_HEADING(f"Demo accounts (password for new ones: {DEMO_PASSWORD})"))
        width = max(len(row.username) for row in result.accounts)
        role_width = max(len(str(Role(row.role).label)) for row in result.accounts)
        for row in result.accounts:
            note = "" if row.created else "  (already there, password unchanged)"
            out.write(
                f"  {row.username:<{width}}  {Role(row.role).label!s:<{role_width}}  {row.unit} – {row.full_name}{note}"
            )
        out.write(self.style.SUCCESS(f"Demo data ready in {elapsed:.2f} s."))
