from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeriodKind(models.TextChoices):
    SCHOOL_YEAR = "school_year", _("School year")
    CALENDAR_YEAR = "calendar_year", _("Calendar year")


class UnitKind(models.TextChoices):
    PROVINCE_DEPARTMENT = "province_department", _("Provincial department of education (Sở GDĐT)")
    DISTRICT_OFFICE = "district_office", _("District education office (Phòng GDĐT)")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune/ward people's committee (UBND xã/phường)")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other unit")


class SchoolLevel(models.TextChoices):
    PRESCHOOL = "preschool", _("Preschool")
    PRIMARY = "primary", _("Primary")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    MULTI_LEVEL = "multi_level", _("Multi-level")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class StaffCategory(models.TextChoices):
    MANAGER = "manager", _("Manager")
    TEACHER = "teacher", _("Teacher")
    EMPLOYEE = "employee", _("Employee")


class Role(models.TextChoices):
    PRINCIPAL = "principal", _("Principal")
    DEPUTY_PRINCIPAL = "deputy_principal", _("Deputy principal")
    DISTRICT_STAFF = "district_staff", _("District staff")
    DISTRICT_HEAD = "district_head", _("Head of office")
    COUNCIL_SECRETARY = "council_secretary", _("Council secretary")
    COUNCIL_MEMBER = "council_member", _("Council member")
    ADMINISTRATOR = "administrator", _("Administrator")


# Named groups of roles, read by the predicates in rules.py.
SCHOOL_MANAGER_ROLES = frozenset({Role.PRINCIPAL, Role.DEPUTY_PRINCIPAL})
OFFICE_ROLES = frozenset({Role.DISTRICT_STAFF, Role.DISTRICT_HEAD, Role.ADMINISTRATOR})
COUNCIL_ROLES = frozenset({Role.COUNCIL_SECRETARY, Role.COUNCIL_MEMBER})
# Who follows an office's schools: its staff act on what they see, its council reads it (registrations, completion).
FOLLOWER_ROLES = OFFICE_ROLES | COUNCIL_ROLES
STAFF_EDITOR_ROLES = SCHOOL_MANAGER_ROLES | OFFICE_ROLES


class BlockRole(models.TextChoices):
    HEAD = "head", _("Block head")
    DEPUTY = "deputy", _("Block deputy")
    MEMBER = "member", _("Member")


class DeadlineAction(models.TextChoices):
    """What counts as done for a deadline (and the milestone that writes it): an action tracked in the apps,
    recorded when its submit service succeeds, or the unit's own confirmation."""

    REGISTRATION = "registration", _("Emulation registration submitted")
    INITIATIVE_REGISTRATION = "initiative_registration", _("Initiative registration submitted")
    INITIATIVE_APPLICATION = "initiative_application", _("Initiative application submitted")
    AWARD_DOSSIER = "award_dossier", _("Award dossier submitted")
    REPORT = "report", _("Report submitted")
    MANUAL = "manual", _("Confirmed by the unit")


class DeadlineStanding(models.TextChoices):
    """One unit's standing against one deadline: the same word, colour and icon on every page and message."""

    DONE = "done", _("Done")
    LATE = "late", _("Done late")
    OVERDUE = "overdue", _("Overdue")
    EXTENDED = "extended", _("Extended")
    OPEN = "open", _("Not due yet")

    @property
    def colour(self) -> str:
        """Bootstrap's contextual colour: ``text-bg-{colour}``, ``border-{colour}``."""
        return _STANDING_COLOURS[self]

    @property
    def icon(self) -> str:
        """A Bootstrap Icons name: ``bi bi-{icon}``."""
        return _STANDING_ICONS[self]

    @property
    def meaning(self) -> str:
        return _STANDING_MEANINGS[self]

    @property
    def is_done(self) -> bool:
        return self in (DeadlineStanding.DONE, DeadlineStanding.LATE)


_STANDING_COLOURS = {
    DeadlineStanding.DONE: "success",
    DeadlineStanding.LATE: "warning",
    DeadlineStanding.OVERDUE: "danger",
    DeadlineStanding.EXTENDED: "info",
    DeadlineStanding.OPEN: "primary",
}
_STANDING_ICONS = {
    DeadlineStanding.DONE: "check-circle-fill",
    DeadlineStanding.LATE: "clock-history",
    DeadlineStanding.OVERDUE: "exclamation-octagon-fill",
    DeadlineStanding.EXTENDED: "hourglass-split",
    DeadlineStanding.OPEN: "circle",
}
_STANDING_MEANINGS = {
    DeadlineStanding.DONE: _("done on or before the last day"),
    DeadlineStanding.LATE: _("done after the last day"),
    DeadlineStanding.OVERDUE: _("not done, the last day (extension included) has passed"),
    DeadlineStanding.EXTENDED: _("not done yet, the office gave more time: the new last day is shown"),
    DeadlineStanding.OPEN: _("not done yet, the last day has not come"),
}


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class DocumentType(models.TextChoices):
    """Types of official documents and their codes in the number symbol (NĐ 30/2020, Phụ lục III).

    The value is the code written in the symbol ("58/KH-PGDĐT"), except for the
    công văn, which has no code ("207/PGDĐT"): see :attr:`symbol_code`.
    """

    RESOLUTION = "NQ", _("Resolution")
    DECISION = "QĐ", _("Decision")
    DIRECTIVE = "CT", _("Directive")
    REGULATIONS = "QC", _("Regulations")
    RULES = "QyĐ", _("Rules")
    NOTICE = "TB", _("Notice")
    GUIDANCE = "HD", _("Guidance")
    PROGRAMME = "CTr", _("Programme")
    PLAN = "KH", _("Plan")
    SCHEME = "PA", _("Scheme")
    PROJECT = "ĐA", _("Project")
    REPORT = "BC", _("Report")
    MINUTES = "BB", _("Minutes")
    SUBMISSION = "TTr", _("Submission")
    INVITATION = "GM", _("Invitation")
    INTRODUCTION = "GGT", _("Letter of introduction")
    AUTHORISATION = "GUQ", _("Letter of authorisation")
    CERTIFICATE = "GK", _("Certificate of merit")
    OFFICIAL_LETTER = "CV", _("Official letter")

    @property
    def symbol_code(self) -> str:
        """The code written in the symbol: empty for a công văn."""
        return "" if self is DocumentType.OFFICIAL_LETTER else self.value


class SignaturePrefix(models.TextChoices):
    """Who signs for whom (NĐ 30/2020, Phụ lục I): written before the authority's post."""

    NONE = "", _("The head signs")
    TM = "TM.", _("TM. (on behalf of a collective body)")
    KT = "KT.", _("KT. (a deputy signs for the head)")
    Q = "Q.", _("Q. (acting head)")
    TL = "TL.", _("TL. (by order of the head)")
    TUQ = "TUQ.", _("TUQ. (under written authorisation)")


# Catalogue codes the registration counts read (the catalogue's data migration loads them): a person counts towards
# the LĐTT base with LĐTT itself or any title that requires it, and CSTĐCS is capped as a share of that base.
LDTT_CODE = "ldtt"
CSTDCS_CODE = "cstdcs"


class AwardKind(models.TextChoices):
    TITLE = "title", _("Emulation title")
    FORM = "form", _("Form of commendation")


class AwardScope(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    BOTH = "both", _("Individual or collective")


class AwardLevel(models.TextChoices):
    BASE = "base", _("Grassroots (cơ sở)")
    LOCAL = "local", _("Local (xã, huyện)")
    MINISTRY_PROVINCE = "ministry_province", _("Ministry or province")
    NATIONAL = "national", _("National")
    STATE = "state", _("State")


class Authority(models.TextChoices):
    """Who confers a title or form; which office that is since the 2025 reform is set per deployment."""

    SCHOOL_HEAD = "school_head", _("Head of the school")
    COMMUNE_CHAIR = "commune_chair", _("Chair of the commune people's committee")
    DISTRICT_CHAIR = "district_chair", _("Chair of the district people's committee (until 30/6/2025)")
    DEPARTMENT_DIRECTOR = "department_director", _("Director of the provincial department of education")
    PROVINCE_CHAIR = "province_chair", _("Chair of the provincial people's committee")
    MINISTER = "minister", _("Minister of Education and Training")
    PRIME_MINISTER = "prime_minister", _("Prime Minister")
    PRESIDENT = "president", _("President")
    UNION = "union", _("Trade union or other organisation")


class RegistrationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for supplement")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted")


class RegistrationAction(StrEnum):
    """What may happen to a registration; :data:`REGISTRATION_TRANSITIONS` says from which state to which."""

    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"

    def target(self, state: str) -> RegistrationState | None:
        """The state *self* leads to from *state*, or None where the table does not allow it."""
        return REGISTRATION_TRANSITIONS[self].get(state)

    @property
    def from_states(self) -> frozenset[RegistrationState]:
        return frozenset(REGISTRATION_TRANSITIONS[self])


# The one table of registration transitions, read by the predicates (rules.py) and the services: for each
# action, from-state → to-state. A school sends its draft (submitted) or, after the office returned it,
# sends it again (resubmitted); the office returns or accepts what is waiting for it. Accepted is final.
REGISTRATION_TRANSITIONS: dict[RegistrationAction, dict[RegistrationState, RegistrationState]] = {
    RegistrationAction.SUBMIT: {
        RegistrationState.DRAFT: RegistrationState.SUBMITTED,
        RegistrationState.RETURNED: RegistrationState.RESUBMITTED,
    },
    RegistrationAction.RETURN: {
        RegistrationState.SUBMITTED: RegistrationState.RETURNED,
        RegistrationState.RESUBMITTED: RegistrationState.RETURNED,
    },
    RegistrationAction.ACCEPT: {
        RegistrationState.SUBMITTED: RegistrationState.ACCEPTED,
        RegistrationState.RESUBMITTED: RegistrationState.ACCEPTED,
    },
}

# Named groups of states, from the table: the school may change its registration while it may send it,
# and the office's review (return or accept) is open while it waits.
REGISTRATION_EDITABLE = RegistrationAction.SUBMIT.from_states
REGISTRATION_AWAITING_REVIEW = RegistrationAction.RETURN.from_states | RegistrationAction.ACCEPT.from_states


class CouncilKind(models.TextChoices):
    EMULATION = "emulation", _("Emulation and commendation council")
    INITIATIVE = "initiative", _("Initiative council")


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", pgettext_lazy("council role", "Member")
