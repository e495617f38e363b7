from initiatives.enums import (
    INITIATIVE_ASSIGNABLE,
    INITIATIVE_EDITABLE,
    INITIATIVE_RECOGNISED,
    INITIATIVE_TRANSITIONS,
    InitiativeAction,
    InitiativeScope,
    InitiativeState,
)

S = InitiativeState


def test_every_action_has_a_row_and_every_state_a_colour():
    assert sorted(INITIATIVE_TRANSITIONS) == sorted(InitiativeAction)
    assert {state: bool(state.colour) for state in S} == dict.fromkeys(S, True)


def test_the_table_of_transitions():
    table = {action: dict(targets) for action, targets in INITIATIVE_TRANSITIONS.items()}

    assert table == {
        InitiativeAction.SUBMIT: {S.DRAFT: S.SUBMITTED, S.RETURNED: S.RESUBMITTED},
        InitiativeAction.RETURN: {S.SUBMITTED: S.RETURNED, S.RESUBMITTED: S.RETURNED},
        InitiativeAction.ASSIGN: {S.SUBMITTED: S.UNDER_EVALUATION, S.RESUBMITTED: S.UNDER_EVALUATION,
                                  S.FORWARDED: S.UNDER_EVALUATION},
        InitiativeAction.RECOGNISE: {S.UNDER_EVALUATION: S.RECOGNISED},
        InitiativeAction.REJECT: {S.UNDER_EVALUATION: S.NOT_RECOGNISED},
        InitiativeAction.KEEP: {S.UNDER_EVALUATION: S.RECOGNISED},
        InitiativeAction.FORWARD: {S.RECOGNISED: S.FORWARDED},
    }  # fmt: skip


def test_named_groups_come_from_the_table():
    assert {S.DRAFT, S.RETURNED} == INITIATIVE_EDITABLE
    assert {S.SUBMITTED, S.RESUBMITTED, S.FORWARDED} == INITIATIVE_ASSIGNABLE
    assert {S.RECOGNISED, S.FORWARDED} == INITIATIVE_RECOGNISED
    assert InitiativeAction.SUBMIT.target(S.UNDER_EVALUATION) is None


def test_scopes_rank_from_the_narrowest():
    assert [scope.rank for scope in InitiativeScope] == [0, 1, 2]
    assert [scope.printed for scope in InitiativeScope] == ["Cơ sở", "Cấp huyện/xã", "Cấp tỉnh"]
