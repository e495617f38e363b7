import time
from collections import Counter

from django.core.management.base import BaseCommand

from emulation.demo.build import build_demo
from emulation.demo.specs import DEMO_PASSWORD
from emulation.enums import Role, SchoolLevel
from schedules.demo import build_demo_plan

LEVELS = (
    (SchoolLevel.PRESCHOOL, "Preschool (MG-MN)"),
    (SchoolLevel.PRIMARY, "Primary (TH)"),
    (SchoolLevel.LOWER_SECONDARY, "Lower-secondary (THCS)"),
)


class Command(BaseCommand):
    help = (
        "Load the demo: Sở GDĐT Bình Dương, Phòng GDĐT Dầu Tiếng with its 42 schools and their staff, "
        "the previous and the current school year placed around today, with its three emulation blocks, "
        "the year's plan (the Dầu Tiếng plan's timeline, its registration just closed) issued, and one login per role. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        result = build_demo()
        plan = build_demo_plan(result)
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
        period = result.period
        out.write(f"  current school year: {period.name} ({period.start_date:%d/%m/%Y} – {period.end_date:%d/%m/%Y})")
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
        out.write(self.style.MIGRATE_HEADING("Emulation blocks and plan"))
        out.write(f"  blocks created now: {result.blocks_created}")
        if plan is not None:
            out.write(f"  plan {plan.symbol} issued {plan.issued_on:%d/%m/%Y}: {plan.milestones.count()} milestones")
        else:
            out.write("  the current year's plan was already there")
        out.write(self.style.SUCCESS(f"Demo data ready in {elapsed:.2f} s."))
