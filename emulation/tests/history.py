"""Reading the change history back in tests."""


def last_change(obj) -> tuple:
    """(history user, history type, sorted (field, old, new)) of the latest historical record of *obj*."""
    record = type(obj).history.filter(id=obj.pk).order_by("-history_date", "-history_id").first()
    previous = record.prev_record
    changes = sorted((c.field, c.old, c.new) for c in record.diff_against(previous).changes) if previous else []
    return record.history_user, record.history_type, changes
