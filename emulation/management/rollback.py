"""The benchmarks' transaction: whatever the block writes is undone when it ends."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in a transaction that is always rolled back, so that a benchmark leaves nothing behind."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
