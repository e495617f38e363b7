"""The plan page's own cells: what each milestone row shows the schools the user leads."""

from django import template

from schedules.selectors.completion import own_cells as read_own_cells

register = template.Library()


@register.simple_tag(takes_context=True)
def own_cells(context, milestone) -> list:
    """The cells of *milestone* for the user's own schools; the whole plan's are read once, at the first row."""
    key = ("own_cells", milestone.plan_id)
    if key not in context.render_context:
        context.render_context[key] = read_own_cells(user=context["user"], plan=milestone.plan)
    return context.render_context[key].get(milestone.pk, [])
