from django.utils.translation import gettext as _

from emulation.dates import short_date
from emulation.enums import DeadlineStanding
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


def matrix_xlsx(matrix: Matrix, *, filters_text: str = "") -> bytes:
    """The matrix as an .xlsx workbook (write-only): title, filters, the table, then the legend."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Completion"))
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 18
    sheet.column_dimensions["D"].width = 14

    for index in range(len(matrix.columns)):
        sheet.column_dimensions[get_column_letter(5 + index)].width = 22
    sheet.freeze_panes = "C4"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    fills = {
        standing: PatternFill("solid", fgColor=FILLS[standing.colour])
        for standing in DeadlineStanding
        if standing.colour in FILLS
    }

    def styled(value, *, font=None, fill=None, alignment=None):
        cell = WriteOnlyCell(sheet, value=value)
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        if alignment:
            cell.alignment = alignment
        return cell

    plan = matrix.plan
    sheet.append(
        [
            styled(
                _("Completion of plan %(symbol)s: %(title)s") % {"symbol": plan.symbol, "title": plan.title}, font=bold
            )
        ]
    )
    sheet.append([filters_text or _("All units concerned")])
    for values, states in matrix_rows(matrix):
        if states is None:
            sheet.append([styled(value, font=bold, alignment=wrap) for value in values])
        else:
            sheet.append(
                [
                    styled(value, fill=fills.get(state)) if state else value
                    for value, state in zip(values, states, strict=True)
                ]
            )
    sheet.append([])
    standings = list(DeadlineStanding)
    for number, values in enumerate(legend_rows()):
        state = standings[number - 1] if 1 <= number <= len(standings) else None
        sheet.append([styled(values[0], font=bold, fill=fills.get(state)), *values[1:]])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
