"""The shared vocabularies of enums.py: deadline standings and the registration transition table."""

import pytest
from django.utils import translation

from emulation.enums import (
    REGISTRATION_AWAITING_REVIEW,
    REGISTRATION_EDITABLE,
    DeadlineStanding,
    RegistrationAction,
    RegistrationState,
)


def test_every_deadline_standing_has_one_word_colour_icon_and_meaning():
    with translation.override("vi"):
        rows = [(s.value, str(s.label), s.colour, s.icon, str(s.meaning), s.is_done) for s in DeadlineStanding]

    assert rows == [
        ("done", "Đã hoàn thành", "success", "check-circle-fill", "hoàn thành đúng hoặc trước hạn cuối", True),
        ("late", "Hoàn thành trễ", "warning", "clock-history", "hoàn thành sau hạn cuối", True),
        (
            "overdue", "Quá hạn", "danger", "exclamation-octagon-fill",
            "chưa hoàn thành, đã qua hạn cuối (kể cả gia hạn)", False,
        ),
        ("extended", "Được gia hạn", "info", "hourglass-split", "chưa hoàn thành, đã được gia hạn: hiển thị hạn cuối mới", False),
        ("open", "Chưa đến hạn", "primary", "circle", "chưa hoàn thành, chưa đến hạn cuối", False),
    ]  # fmt: skip


# The registration transition table: (action, from-state) -> to-state, None where it is refused.
TRANSITIONS = {
    ("submit", "draft"): "submitted",
    ("submit", "submitted"): None,
    ("submit", "returned"): "resubmitted",
    ("submit", "resubmitted"): None,
    ("submit", "accepted"): None,
    ("return", "draft"): None,
    ("return", "submitted"): "returned",
    ("return", "returned"): None,
    ("return", "resubmitted"): "returned",
    ("return", "accepted"): None,
    ("accept", "draft"): None,
    ("accept", "submitted"): "accepted",
    ("accept", "returned"): None,
    ("accept", "resubmitted"): "accepted",
    ("accept", "accepted"): None,
}


@pytest.mark.parametrize(("action", "state"), list(TRANSITIONS))
def test_registration_transition_truth_table(action, state):
    assert RegistrationAction(action).target(state) == TRANSITIONS[(action, state)]


def test_registration_state_groups_come_from_the_transition_table():
    groups = (REGISTRATION_EDITABLE, REGISTRATION_AWAITING_REVIEW)

    assert groups == ({"draft", "returned"}, {"submitted", "resubmitted"})
    assert set(TRANSITIONS) == {(action, state) for action in RegistrationAction for state in RegistrationState}
