"""The workbooks schedules writes: the completion matrix of a plan, and a plan's timeline.

Every cell goes through :mod:`emulation.workbooks.writing` (text made inert, so a milestone or a school named
"=HYPERLINK(…)" stays text), and each file is named after its plan and period.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from emulation.dates import short_date
from emulation.enums import DeadlineStanding
from emulation.workbooks.writing import (
    cell_value,
    column_letter,
    sheet_title,
    workbook_response,
    write_only_response,
    xlsx_filename,
)
from schedules.models import Plan
from schedules.selectors.completion import Column, Matrix


def column_heading(column: Column) -> str:
    return _("%(order)s. %(content)s (last day %(day)s)") % {
        "order": column.milestone.order,
        "content": " ".join(column.milestone.content.split())[:80],
        "day": short_date(column.deadline.last_day),
    }


def matrix_header(matrix: Matrix) -> list[str]:
    return [_("No."), _("Unit"), _("Emulation block"), _("School level")] + [
        column_heading(column) for column in matrix.columns
    ]


def matrix_rows(matrix: Matrix):
    """The table as rows of plain values: the header, one row per unit, the totals.

    Each data row is (values, states) so the renderer can colour the cells.
    """
    yield matrix_header(matrix), None
    for number, row in enumerate(matrix.rows, start=1):
        values = [number, row.unit.name, row.block.name if row.block else "", row.unit.get_level_display()]
        values += [cell.text if cell else "—" for cell in row.cells]
        yield values, [None] * 4 + [cell.state if cell else None for cell in row.cells]
    yield (
        ["", _("Done (of the units concerned)"), "", ""]
        + [f"{column.done}/{column.concerned}" for column in matrix.columns],
        None,
    )
    yield ["", _("Overdue"), "", ""] + [column.overdue for column in matrix.columns], None


def legend_rows():
    yield [_("Legend")]
    for standing in DeadlineStanding:
        yield [str(standing.label), str(standing.meaning)]
    yield ["—", _("the milestone does not concern this unit")]


# Bootstrap's subtle background of each standing's colour; cells not due yet stay plain, so the others stand out.
FILLS = {"success": "D1E7DD", "warning": "FFF3CD", "danger": "F8D7DA", "info": "CFF4FC"}


MATRIX_WIDTHS = (5, 40, 18, 14)  # No., unit, block, level; each milestone's column is MILESTONE_WIDTH
MILESTONE_WIDTH = 22


def matrix_workbook(matrix: Matrix, *, filters_text: str = ""):
    """The matrix as a write-only workbook: title, filters, the table, then the legend; every text inert."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(_("Completion")))
    widths = [*MATRIX_WIDTHS, *([MILESTONE_WIDTH] * len(matrix.columns))]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(index)].width = width
    sheet.freeze_panes = "C4"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    fills = {
        standing: PatternFill("solid", fgColor=FILLS[standing.colour])
        for standing in DeadlineStanding
        if standing.colour in FILLS
    }

    def styled(value, *, font=None, fill=None, alignment=None):
        cell = WriteOnlyCell(sheet, value=cell_value(value))
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        if alignment:
            cell.alignment = alignment
        return cell

    plan = matrix.plan
    title = _("Completion of plan %(symbol)s: %(title)s") % {"symbol": plan.symbol, "title": plan.title}
    sheet.append([styled(title, font=bold)])
    sheet.append([cell_value(filters_text or _("All units concerned"))])
    for values, states in matrix_rows(matrix):
        if states is None:
            sheet.append([styled(value, font=bold, alignment=wrap) for value in values])
        else:
            sheet.append(
                [
                    styled(value, fill=fills.get(state)) if state else cell_value(value)
                    for value, state in zip(values, states, strict=True)
                ]
            )
    sheet.append([])
    standings = list(DeadlineStanding)
    for number, values in enumerate(legend_rows()):
        state = standings[number - 1] if 1 <= number <= len(standings) else None
        sheet.append([styled(values[0], font=bold, fill=fills.get(state)), *map(cell_value, values[1:])])
    return workbook


def matrix_response(matrix: Matrix, *, filters_text: str = "") -> HttpResponse:
    """The matrix as an .xlsx download named after its plan and period: tien-do-58-kh-pgddt-2023-2024.xlsx."""
    plan = matrix.plan
    filename = xlsx_filename(_("Completion"), plan_name(plan), plan.period.name)
    return workbook_response(matrix_workbook(matrix, filters_text=filters_text), filename=filename)


def plan_name(plan: Plan) -> str:
    """The plan's symbol, or "draft 12" for a plan not issued yet."""
    return plan.symbol or _("draft %(number)s") % {"number": plan.pk}


# The plan's timeline as the appendix prints it (its own Vietnamese headers), and what the system made of it.
TIMELINE_WIDTHS = (6, 70, 26, 12, 12, 36, 28, 14)


def timeline_header() -> list[str]:
    return [
        "TT", "Nội dung", "Thời gian hoàn thành", _("From"), _("Last day"), "Đơn vị thực hiện", _("Done when"),
        _("Reminders (days before)"),
    ]  # fmt: skip


def timeline_rows(plan: Plan):
    for milestone in plan.milestones.all():
        yield (
            milestone.order,
            milestone.content,
            milestone.due_text,
            milestone.opens_on,
            milestone.due_on,
            milestone.actor_text,
            milestone.get_done_when_display(),
            ", ".join(map(str, milestone.reminder_offsets)),
        )


def timeline_response(plan: Plan) -> HttpResponse:
    """The plan's timeline as an .xlsx download: khung-thoi-gian-58-kh-pgddt-2023-2024.xlsx."""
    return write_only_response(
        filename=xlsx_filename(_("Timeline"), plan_name(plan), plan.period.name),
        title=_("Timeline"),
        header=timeline_header(),
        rows=timeline_rows(plan),
        widths=TIMELINE_WIDTHS,
    )
