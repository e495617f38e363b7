"""The models of ``emulation``, one module per subject, re-exported so app labels and migrations stay."""

from .accounts import AccountPreference
from .blocks import BlockMembership, EmulationBlock
from .catalogue import Award
from .councils import Council, CouncilMember
from .deadlines import Deadline, DeadlineCompletion, DeadlineExtension, ExtensionRequest
from .documents import IssuedNumber, NumberCounter
from .jobs import DocumentJob, Heartbeat
from .notifications import Notification
from .organisation import Membership, Period, PeriodQuerySet, Person, Unit, UnitQuerySet, new_token
from .registrations import CollectiveTarget, Registration, RegistrationLine, RegistrationLog

__all__ = [
    "AccountPreference",
    "Award",
    "BlockMembership",
    "CollectiveTarget",
    "Council",
    "CouncilMember",
    "Deadline",
    "DeadlineCompletion",
    "DeadlineExtension",
    "DocumentJob",
    "EmulationBlock",
    "ExtensionRequest",
    "Heartbeat",
    "IssuedNumber",
    "Membership",
    "Notification",
    "NumberCounter",
    "Period",
    "PeriodQuerySet",
    "Person",
    "Registration",
    "RegistrationLine",
    "RegistrationLog",
    "Unit",
    "UnitQuerySet",
    "new_token",
]
