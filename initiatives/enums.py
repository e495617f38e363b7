"""States and kinds of initiatives (sáng kiến), with the one table of allowed transitions.

The table is read by the predicates (``rules.py``) and by the services, so that what a page offers and what
a service accepts never drift apart.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for supplement")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")
    FORWARDED = "forwarded", _("Forwarded to a higher council")

    @property
    def colour(self) -> str:
        """Bootstrap's contextual colour for the state's badge: ``text-bg-{colour}``."""
        return _STATE_COLOURS[self]


_STATE_COLOURS = {
    InitiativeState.DRAFT: "secondary",
    InitiativeState.SUBMITTED: "primary",
    InitiativeState.RETURNED: "warning",
    InitiativeState.RESUBMITTED: "primary",
    InitiativeState.UNDER_EVALUATION: "info",
    InitiativeState.RECOGNISED: "success",
    InitiativeState.NOT_RECOGNISED: "danger",
    InitiativeState.FORWARDED: "success",
}


class InitiativeAction(StrEnum):
    """What may happen to an initiative; :data:`INITIATIVE_TRANSITIONS` says from which state to which."""

    SUBMIT = "submit"
    RETURN = "return"
    ASSIGN = "assign"
    RECOGNISE = "recognise"
    REJECT = "reject"
    # A higher council declines a wider scope: the initiative stays recognised at the scope it had.
    KEEP = "keep"
    FORWARD = "forward"

    def target(self, state: str) -> InitiativeState | None:
        """The state *self* leads to from *state*, or None where the table does not allow it."""
        return INITIATIVE_TRANSITIONS[self].get(state)

    @property
    def from_states(self) -> frozenset[InitiativeState]:
        return frozenset(INITIATIVE_TRANSITIONS[self])


S = InitiativeState

# The one table of initiative transitions: for each action, from-state → to-state. The school sends its
# draft (submitted) or, once returned for supplement, sends it again (resubmitted); the office or the
# council's secretary returns what waits for evaluation; assigning it to a council starts the evaluation,
# which the recognition decision ends. A recognised initiative may be forwarded to the council above,
# whose decision widens its scope (recognised) or leaves it as it was (keep).
INITIATIVE_TRANSITIONS: dict[InitiativeAction, dict[InitiativeState, InitiativeState]] = {
    InitiativeAction.SUBMIT: {S.DRAFT: S.SUBMITTED, S.RETURNED: S.RESUBMITTED},
    InitiativeAction.RETURN: {S.SUBMITTED: S.RETURNED, S.RESUBMITTED: S.RETURNED},
    InitiativeAction.ASSIGN: {S.SUBMITTED: S.UNDER_EVALUATION, S.RESUBMITTED: S.UNDER_EVALUATION,
                              S.FORWARDED: S.UNDER_EVALUATION},
    InitiativeAction.RECOGNISE: {S.UNDER_EVALUATION: S.RECOGNISED},
    InitiativeAction.REJECT: {S.UNDER_EVALUATION: S.NOT_RECOGNISED},
    InitiativeAction.KEEP: {S.UNDER_EVALUATION: S.RECOGNISED},
    InitiativeAction.FORWARD: {S.RECOGNISED: S.FORWARDED},
}  # fmt: skip

# Named groups of states, from the table.
INITIATIVE_EDITABLE = InitiativeAction.SUBMIT.from_states
INITIATIVE_AWAITING_EVALUATION = frozenset({S.SUBMITTED, S.RESUBMITTED})
INITIATIVE_ASSIGNABLE = InitiativeAction.ASSIGN.from_states
# An initiative that holds a recognition, whatever happens above it.
INITIATIVE_RECOGNISED = frozenset({S.RECOGNISED, S.FORWARDED})
# Sent in by the school: everything but a draft.
INITIATIVE_SENT = frozenset(InitiativeState) - {S.DRAFT}


class InitiativeScope(models.TextChoices):
    """The scope of effect a recognised initiative reached (phạm vi ảnh hưởng), from the narrowest."""

    BASE = "base", _("Grassroots (cơ sở)")
    LOCAL = "local", _("District or commune")
    PROVINCE = "province", _("Province")

    @property
    def rank(self) -> int:
        return list(InitiativeScope).index(self)

    @property
    def printed(self) -> str:
        """As the decision's annex writes it (fixed wording of the documents, never translated)."""
        return SCOPE_PRINTED[self]


SCOPE_PRINTED = {
    InitiativeScope.BASE: "Cơ sở",
    InitiativeScope.LOCAL: "Cấp huyện/xã",
    InitiativeScope.PROVINCE: "Cấp tỉnh",
}


class AttachmentKind(models.TextChoices):
    FULL_REPORT = "full_report", _("Full report of the initiative")
    EVIDENCE = "evidence", _("Evidence of application")
    OTHER = "other", _("Other document")


class ScoreAggregate(models.TextChoices):
    MEAN = "mean", _("Mean of the members' scores")
    MEDIAN = "median", _("Median of the members' scores")


class VoteBase(models.TextChoices):
    """Whom the council's vote is counted against (the denominator stored with each result)."""

    ALL_MEMBERS = "all_members", _("All members of the council who may vote on it (absent members count)")
    PARTICIPANTS = "participants", _("Members who scored or abstained")


class SheetStatus(models.TextChoices):
    SCORED = "scored", _("Scored")
    ABSTAINED = "abstained", _("Abstained")


class Vote(models.TextChoices):
    FOR = "for", _("Recommend recognition")
    AGAINST = "against", _("Do not recommend")


class SeatStanding(models.TextChoices):
    """Where one council member stands on one assigned initiative (the secretary's progress view)."""

    SCORED = "scored", _("Scored")
    ABSTAINED = "abstained", _("Abstained")
    PENDING = "pending", _("Not scored yet")
    CONFLICT = "conflict", _("May not score it")
    NO_ACCOUNT = "no_account", _("Has no account")


class DecisionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
