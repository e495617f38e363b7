"""The query budget a page states in its view's docstring ("Queries: N"), for ``django_assert_num_queries``."""

import re

BUDGET = re.compile(r"^\s*Queries: (\d+)\b", re.M)


def stated_queries(view) -> int:
    match = BUDGET.search(view.__doc__ or "")
    assert match, f"{view.__qualname__} does not state its query budget"
    return int(match[1])
