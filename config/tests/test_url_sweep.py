"""One sweep over every route of the project: no role of one district reaches another district's objects.

Every route is listed below, either with the cases that build its address from the
objects of district B (a draft and an issued plan, a milestone and its deadline, a
council and a member, registrations, staff, a document job, a notification…), or as
public with the reason. Each case is requested with GET and POST by every role of
district A and by an anonymous visitor; an owner on B's side requests it too, to prove
the address names a real object (a sweep over addresses that 404 for everyone would
prove nothing). A route that is in neither list fails the sweep: a new view is swept
from the day it is written.
"""

import dataclasses
import datetime as dt
import io
import logging
import time
import unicodedata
import zipfile
from collections.abc import Callable
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from emulation.enums import CouncilKind, CouncilRole, DeadlineAction, JobStatus, RegistrationState, Role, UnitKind
from emulation.models import (
    Award,
    CollectiveTarget,
    Council,
    CouncilMember,
    DeadlineCompletion,
    DocumentJob,
    Notification,
    Registration,
    RegistrationLine,
)
from emulation.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    PeriodFactory,
    PersonFactory,
    SchoolFactory,
    UserFactory,
)
from initiatives.enums import InitiativeState
from initiatives.services.decisions import create_decision
from initiatives.services.evaluation import assign_initiatives
from initiatives.tests.factories import complete_initiative
from schedules.tests.factories import MilestoneFactory, PlanFactory

pytestmark = pytest.mark.reliability

# Routes the sweep leaves alone, and why.
SKIPPED_NAMESPACES = {
    "admin": "Django's admin: staff accounts only, with its own login and model permissions",
}
PUBLIC = {
    "login": "the login form itself",
    "logout": "logging out (POST) acts on the visitor's own session only",
    "set_language": "choosing the language is open to every visitor, before login too",
    "emulation:calendar-feed": (
        "calendar apps fetch the feed without a session: the secret token in the address is the permission "
        "(test_calendar_feed_answers_only_its_token)"
    ),
}


@dataclasses.dataclass(frozen=True)
class Case:
    """One address of a route: URL keyword arguments, an optional query, and who on B's side may use it.

    ``owner`` names the user of district B who must *not* get a 404 there (None: no one can
    without state this sweep does not build, such as an upload kept in the uploader's session).
    ``data`` is the body of every POST.
    """

    kwargs: dict = dataclasses.field(default_factory=dict)
    query: dict = dataclasses.field(default_factory=dict)
    owner: str | None = "superuser"
    data: dict = dataclasses.field(default_factory=dict)


def lists(*queries: Callable) -> Callable:
    """A route without an object: requested bare, then with each query naming B's objects."""
    return lambda b: [Case(owner=None), *(Case(query=query(b), owner=None) for query in queries)]


def both_plans(b):
    return [Case({"pk": b.draft_plan.pk}), Case({"pk": b.issued_plan.pk})]


def both_milestones(b):
    return [
        Case({"pk": b.draft_plan.pk, "milestone": b.draft_milestone.pk}),
        Case({"pk": b.issued_plan.pk, "milestone": b.issued_milestone.pk}),
    ]


def both_sections(b):
    return [
        Case({"pk": b.draft_plan.pk, "section": b.draft_section.pk}, data={"direction": "down"}),
        Case({"pk": b.issued_plan.pk, "section": b.issued_section.pk}, data={"direction": "down"}),
    ]


def cell(b):
    return [Case({"deadline": b.issued_milestone.deadline_id, "unit": b.school.pk})]


def units(b):
    return [Case({"pk": b.school.pk}), Case({"pk": b.district.pk}), Case({"pk": b.province.pk})]


def draft_registration(b):
    return [Case({"pk": b.registration.pk})]


def both_registrations(b):
    return [Case({"pk": b.registration.pk}), Case({"pk": b.submitted.pk})]


def registration_files(b):
    return [Case({"pk": b.registration.pk, "kind": kind}) for kind in ("plan", "council")]


def registration_import(b):
    # The token names an upload in the uploader's session; the registration's permission is asked first.
    return [Case({"pk": b.registration.pk, "token": "tai-len-cua-truong-lai-uyen"}, owner=None)]


def timeline_reading(b):
    # The token names a timeline read into the reader's session; the plan's permission is asked first.
    return [Case({"pk": plan.pk, "token": "khung-thoi-gian-da-doc"}) for plan in (b.draft_plan, b.issued_plan)]


def council(b):
    return [Case({"pk": b.council.pk})]


def council_member(b):
    return [Case({"pk": b.council.pk, "member_pk": b.member.pk})]


def initiative(b):
    return [Case({"pk": b.initiative.pk})]


def initiative_file(b):
    return [Case({"pk": b.initiative.pk, "file": b.initiative_file.pk})]


def initiative_council(b):
    return [Case({"pk": b.initiative_council.pk})]


def decision(b):
    return [Case({"pk": b.decision.pk})]


# Every route of the project's apps, with the addresses the sweep requests.
SWEEP: dict[str, Callable] = {
    "password_change": lists(),
    "password_change_done": lists(),
    "schedules:plan-list": lists(),
    "schedules:plan-create": lists(),
    "schedules:plan-detail": both_plans,
    "schedules:plan-update": both_plans,
    "schedules:plan-section-move": both_sections,
    "schedules:timeline-import": both_plans,
    "schedules:timeline-import-preview": timeline_reading,
    "schedules:timeline-import-confirm": timeline_reading,
    "schedules:timeline-import-cancel": timeline_reading,
    "schedules:milestone-create": both_plans,
    "schedules:milestone-update": both_milestones,
    "schedules:milestone-delete": both_milestones,
    "schedules:plan-issue": both_plans,
    "schedules:plan-pdf": both_plans,
    "schedules:plan-timeline-xlsx": both_plans,
    "schedules:completion-matrix": lists(lambda b: {"plan": b.issued_plan.pk}),
    "schedules:completion-export": lists(lambda b: {"plan": b.issued_plan.pk}),
    "schedules:completion-cell": cell,
    "schedules:completion-extend": cell,
    "schedules:completion-confirm": cell,
    "schedules:completion-file": cell,
    "schedules:completion-request": cell,
    "emulation:dashboard": lists(),
    "emulation:calendar-year-create": lists(),
    "emulation:number-start": lists(lambda b: {"next": reverse("schedules:plan-detail", args=[b.draft_plan.pk])}),
    "emulation:unit-list": lists(),
    "emulation:unit-detail": units,
    "emulation:unit-account-create": units,
    "emulation:account-unlock": lambda b: [
        Case({"pk": b.principal_b.pk}, owner="office_b"),
        Case({"pk": b.office_b.pk}),
    ],
    "emulation:person-list": lists(lambda b: {"unit": b.school.pk}, lambda b: {"q": "Xuân Mai"}),
    "emulation:document-job": lambda b: [Case({"pk": b.job.pk}, owner="office_b")],
    "emulation:document-download": lambda b: [Case({"pk": b.job.pk}, owner="office_b")],
    "emulation:person-create": lists(),
    "emulation:person-update": lambda b: [Case({"pk": b.person.pk})],
    "emulation:staff-export": lists(lambda b: {"unit": b.school.pk}),
    "emulation:staff-import": lists(),
    "emulation:staff-import-template": lists(),
    "emulation:staff-import-preview": lists(),
    "emulation:staff-import-problems": lists(),
    "emulation:staff-import-commit": lists(),
    "emulation:staff-import-cancel": lists(),
    "emulation:person-set-active": lambda b: [Case({"pk": b.person.pk})],
    "emulation:deadline-calendar": lists(lambda b: {"unit": b.school.pk}),
    "emulation:calendar-feed-reset": lambda b: [Case({"pk": b.school.pk}), Case({"pk": b.district.pk})],
    "emulation:notification-list": lists(),
    "emulation:notification-open": lambda b: [Case({"pk": b.notification.pk}, owner="office_b")],
    "emulation:notification-read-all": lists(),
    "emulation:registration-mine": lists(),
    "emulation:registration-detail": both_registrations,
    "emulation:registration-lines": draft_registration,
    "emulation:registration-target-add": draft_registration,
    "emulation:registration-target-remove": lambda b: [Case({"pk": b.registration.pk, "target_pk": b.target.pk})],
    "emulation:registration-file-upload": registration_files,
    "emulation:registration-file-download": registration_files,
    "emulation:registration-submit": draft_registration,
    "emulation:registration-workbook": draft_registration,
    "emulation:registration-import": draft_registration,
    "emulation:registration-import-preview": registration_import,
    "emulation:registration-import-commit": registration_import,
    "emulation:registration-import-cancel": registration_import,
    "emulation:registration-list": lists(lambda b: {"office": b.district.pk}),
    "emulation:registration-list-export": lists(lambda b: {"office": b.district.pk}),
    "emulation:registration-consolidated-export": lists(lambda b: {"office": b.district.pk}),
    "emulation:registration-list-pdf": lists(lambda b: {"office": b.district.pk}),
    "emulation:registration-bulk-accept": lists(),
    "emulation:registration-review": lambda b: [Case({"pk": b.submitted.pk}, owner="office_b")],
    "emulation:council-list": lists(lambda b: {"unit": b.district.pk}),
    "emulation:council-list-export": lists(lambda b: {"unit": b.district.pk}),
    "emulation:council-create": lists(),
    "emulation:council-detail": council,
    "emulation:council-update": council,
    "emulation:council-decision": council,
    "emulation:council-member-export": council,
    "emulation:council-member-create": council,
    "emulation:council-member-update": council_member,
    "emulation:council-member-delete": council_member,
    "emulation:council-member-move": lambda b: [
        Case({"pk": b.council.pk, "member_pk": b.member.pk}, data={"direction": direction})
        for direction in ("up", "down")
    ],
    "initiatives:initiative-school": lists(),
    "initiatives:initiative-create": lists(),
    "initiatives:initiative-start-from-line": lambda b: [Case({"line": b.line.pk}, owner="principal_b")],
    "initiatives:initiative-detail": initiative,
    "initiatives:initiative-update": initiative,
    "initiatives:initiative-file-upload": initiative,
    "initiatives:initiative-file-download": initiative_file,
    "initiatives:initiative-file-delete": initiative_file,
    "initiatives:initiative-submit": initiative,
    "initiatives:initiative-forward": initiative,
    "initiatives:initiative-return": initiative,
    "initiatives:initiative-list": lists(lambda b: {"school": b.school.pk}),
    "initiatives:initiative-list-export": lists(lambda b: {"school": b.school.pk}),
    "initiatives:evaluation-councils": lists(),
    "initiatives:assignment-mine": lists(),
    "initiatives:score-sheet": lambda b: [Case({"pk": b.assignment.pk}, owner="member_b")],
    "initiatives:evaluation-council": initiative_council,
    "initiatives:evaluation-assign": initiative_council,
    "initiatives:evaluation-form": initiative_council,
    "initiatives:evaluation-progress": initiative_council,
    "initiatives:evaluation-remind": initiative_council,
    "initiatives:decision-create": initiative_council,
    "initiatives:decision-detail": decision,
    "initiatives:decision-issue": decision,
    "initiatives:decision-pdf": decision,
    "initiatives:decision-delete": decision,
}

# What only district B's objects show: none of it may reach a page of district A's roles.
B_MARKERS = ["Bàu Bàng", "Lai Uyên", "Lai Hưng", "Huỳnh Thị Xuân Mai", "PGDBB", "77/QĐ-HĐTĐ"]
A_ROLES = {
    "principal": ("school", Role.PRINCIPAL),
    "deputy": ("school", Role.DEPUTY_PRINCIPAL),
    "office staff": ("district", Role.DISTRICT_STAFF),
    "office head": ("district", Role.DISTRICT_HEAD),
    "administrator": ("district", Role.ADMINISTRATOR),
    "council secretary": ("district", Role.COUNCIL_SECRETARY),
    "council member": ("district", Role.COUNCIL_MEMBER),
    "no role": (None, None),
}


def project_routes(patterns=None, namespace="") -> dict[str, list[str]]:
    """Every named route below the root URLconf ("namespace:name" -> URL keyword names), admin left out."""
    routes = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            routes.update(project_routes(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"the route {pattern.pattern} has no name: name it and add it to SWEEP"
            routes[f"{namespace}:{pattern.name}" if namespace else pattern.name] = list(pattern.pattern.converters)
    return routes


def test_every_route_is_swept_or_public():
    routes = project_routes()

    unswept = sorted(set(routes) - set(SWEEP) - set(PUBLIC))
    stale = sorted((set(SWEEP) | set(PUBLIC)) - set(routes))

    assert unswept == [], (
        f"routes with no entry in SWEEP (build their addresses from district B's objects) "
        f"or PUBLIC (say why anyone may open them): {unswept}"
    )
    assert stale == [], f"entries in SWEEP or PUBLIC for routes that no longer exist: {stale}"
    assert sorted(set(SWEEP) & set(PUBLIC)) == []


def test_calendar_feed_answers_only_its_token(client, db):
    school = SchoolFactory(name="Trường Tiểu học Lai Uyên")
    wrong = school.calendar_token[:-1] + ("a" if school.calendar_token[-1] != "a" else "b")

    right = client.get(reverse("emulation:calendar-feed", args=[school.calendar_token]))
    refused = client.get(reverse("emulation:calendar-feed", args=[wrong]))
    post = client.post(reverse("emulation:calendar-feed", args=[school.calendar_token]))

    assert (right.status_code, right["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    assert refused.status_code == 404
    assert post.status_code == 405


# The two districts ----------------------------------------------------------------------------------


def district_b(province, period):
    """District B with one of each object the routes name, and the users of B that own them."""
    district = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Bàu Bàng", symbol="PGDBB", parent=province)
    school = SchoolFactory(name="Trường Tiểu học Lai Uyên", symbol="THLU", parent=district)
    second = SchoolFactory(name="Trường Tiểu học Lai Hưng", symbol="THLH", parent=district)
    office_b = UserFactory(username="chuyenvien.baubang")
    MembershipFactory(user=office_b, unit=district, role=Role.DISTRICT_STAFF)
    principal_b = UserFactory(username="hieutruong.laiuyen")
    MembershipFactory(user=principal_b, unit=school, role=Role.PRINCIPAL)
    person = PersonFactory(full_name="Huỳnh Thị Xuân Mai", unit=school)

    draft_plan = PlanFactory(issuing_unit=district, title="Kế hoạch thi đua huyện Bàu Bàng (dự thảo)")
    issued_plan = PlanFactory(issuing_unit=district, issued=True, title="Kế hoạch thi đua huyện Bàu Bàng")
    draft_section = draft_plan.sections.create(order=1, heading="Bàu Bàng: mục đích, yêu cầu")
    issued_section = issued_plan.sections.create(order=1, heading="Bàu Bàng: nội dung thực hiện")
    draft_milestone = MilestoneFactory(plan=draft_plan, content="Bàu Bàng: nộp kế hoạch", units=[school])
    issued_milestone = MilestoneFactory(
        plan=issued_plan, content="Bàu Bàng: nộp báo cáo", done_when=DeadlineAction.MANUAL, units=[school]
    )
    completion = DeadlineCompletion(
        deadline_id=issued_milestone.deadline_id, unit=school, completed_at=timezone.now(), completed_by=principal_b
    )
    completion.file.save("bao-cao-lai-uyen.pdf", ContentFile(b"%PDF-1.4"))

    council = Council(unit=district, period=period, decision_number="77/QĐ-HĐTĐ", decision_date=dt.date(2024, 9, 5))
    council.decision_file.save("quyet-dinh-bau-bang.pdf", ContentFile(b"%PDF-1.4"))
    member = CouncilMember.objects.create(council=council, person=person, role=CouncilRole.SECRETARY)

    registration = Registration.objects.create(unit=school, period=period)
    registration.plan_file.save("ke-hoach-lai-uyen.pdf", ContentFile(b"%PDF-1.4"), save=False)
    registration.council_decision_file.save("hoi-dong-lai-uyen.pdf", ContentFile(b"%PDF-1.4"), save=False)
    registration.save()
    target = CollectiveTarget.objects.create(registration=registration, award=Award.objects.get(code="ttldtt"))
    line = RegistrationLine.objects.create(
        registration=registration, person=person, title=Award.objects.get(code="cstdcs"),
        initiative_title="Học vần qua trò chơi ở Lai Uyên",
    )  # fmt: skip
    submitted = Registration.objects.create(
        unit=second, period=period, state=RegistrationState.SUBMITTED, submitted_at=timezone.now()
    )

    job = DocumentJob(kind="plan", object_id=issued_plan.pk, requested_by=office_b, status=JobStatus.DONE)
    job.progress, job.filename, job.finished_at = 100, "ke-hoach-bau-bang.pdf", timezone.now()
    job.file.save("ke-hoach-bau-bang.pdf", ContentFile(b"%PDF-1.4"))
    notification = Notification.objects.create(
        recipient=office_b, title="Bàu Bàng: hạn nộp báo cáo", url=reverse("schedules:plan-list")
    )
    initiative = complete_initiative(
        unit=school, period=period, author=person, title="Trò chơi Toán ở Trường Tiểu học Lai Uyên"
    )
    initiative_council = Council.objects.create(unit=district, period=period, kind=CouncilKind.INITIATIVE)
    member_b = UserFactory(username="uyvien.baubang")
    MembershipFactory(user=member_b, unit=district, role=Role.COUNCIL_MEMBER)
    seat = CouncilMember.objects.create(
        council=initiative_council, person=PersonFactory(full_name="Đặng Văn Lai Hưng", unit=district),
        role=CouncilRole.MEMBER, user=member_b,
    )  # fmt: skip
    evaluated = complete_initiative(
        unit=second, period=period, state=InitiativeState.SUBMITTED, title="Sơ đồ tư duy ở Trường Lai Hưng"
    )
    (assignment,) = assign_initiatives(council=initiative_council, initiatives=[evaluated], by=office_b)
    draft_decision = create_decision(council=initiative_council, initiatives=[evaluated], by=office_b)
    return SimpleNamespace(
        province=province, district=district, school=school, office_b=office_b, principal_b=principal_b, person=person,
        draft_plan=draft_plan, issued_plan=issued_plan, draft_section=draft_section, issued_section=issued_section,
        draft_milestone=draft_milestone,
        issued_milestone=issued_milestone, council=council, member=member, registration=registration,
        target=target, submitted=submitted, job=job, notification=notification, initiative=initiative,
        initiative_file=initiative.attachments.get(), initiative_council=initiative_council, member_b=member_b,
        seat=seat, assignment=assignment, decision=draft_decision, line=line,
    )  # fmt: skip


def district_a_users(province):
    """District A with a school, its own issued plan, and one user per role (and one with none)."""
    district = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng", symbol="PGDĐT", parent=province)
    school = SchoolFactory(name="Trường Tiểu học Thanh Tuyền", symbol="THTT", parent=district)
    PersonFactory(full_name="Nguyễn Thị Hồng", unit=school)
    plan = PlanFactory(issuing_unit=district, issued=True, title="Kế hoạch thi đua huyện Dầu Tiếng")
    MilestoneFactory(plan=plan, content="Dầu Tiếng: nộp báo cáo", done_when=DeadlineAction.MANUAL, units=[school])
    units = {"school": school, "district": district}
    users = {}
    for index, (name, (where, role)) in enumerate(A_ROLES.items()):
        users[name] = UserFactory(username=f"dautieng{index}")
        if role:
            MembershipFactory(user=users[name], unit=units[where], role=role)
    return users


# The sweep ------------------------------------------------------------------------------------------


class _Undo(Exception):
    pass


@dataclasses.dataclass
class Outcome:
    """What one request answered and, after a redirect other than to login, the page it led to."""

    status: int | None
    location: str | None = None
    body: bytes = b""
    landing_status: int | None = None
    error: Exception | None = None


def _read(response) -> bytes:
    """The body; the test client closes the response itself (once a streamed one is read to its end).

    Closing it again would send ``request_finished`` with the connection cleanup connected,
    which closes PostgreSQL's connection in the middle of the test's transaction.
    """
    return b"".join(response.streaming_content) if response.streaming else response.content


def fetch(client: Client, method: str, url: str, data: dict, *, follow: bool = True) -> Outcome:
    """One request (and the page its redirect leads to), whose writes are all rolled back.

    Rolling back keeps every request on the same data: a POST that wrongly went through
    would otherwise change what the next one finds.
    """
    try:
        with transaction.atomic():
            response = client.post(url, data) if method == "post" else client.get(url)
            outcome = Outcome(response.status_code, response.get("Location"), _read(response))
            if follow and outcome.status == 302 and not is_login(outcome.location):
                landing = client.get(outcome.location)
                outcome.landing_status, outcome.body = landing.status_code, _read(landing)
            raise _Undo
    except _Undo:
        return outcome
    except Exception as error:  # a view that raises is reported with the others, not alone
        return Outcome(None, error=error)


def readable_text(body: bytes) -> str:
    """The text of a page, or of every sheet of a workbook (an .xlsx is a zip of XML parts)."""
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as workbook:
            text = "\n".join(workbook.read(name).decode() for name in workbook.namelist() if name.endswith(".xml"))
    else:
        text = body.decode("utf-8", errors="replace")
    return unicodedata.normalize("NFC", text)


def is_login(location: str | None) -> bool:
    return bool(location) and urlsplit(location).path == reverse("login")


def is_list(location: str | None) -> bool:
    """A redirect to a page that names no object (a list, the dashboard, a form to start something)."""
    try:
        return not resolve(urlsplit(location).path).kwargs
    except Resolver404:
        return False


def verdict(role: str, method: str, names_object: bool, outcome: Outcome) -> str | None:
    """Why an answer to a visitor from outside district B breaks the rule, or None when it keeps it."""
    status, location = outcome.status, outcome.location
    if status is None:
        return f"raised {outcome.error!r}"
    if role == "anonymous":
        return None if status == 302 and is_login(location) else f"{status} {location or ''}, not a redirect to login"
    if status in (404, 405):
        return None
    if names_object and method == "post":
        return f"{status} {location or ''}: a POST on district B's object must answer 404 or 405"
    if status == 302:
        if is_login(location):
            return None
        if names_object and not is_list(location):
            return f"redirected to {location}, not to login or a list"
        if outcome.landing_status not in (200, 404):
            return f"redirected to {location}, which answered {outcome.landing_status}"
    elif status != 200 or names_object:
        return f"{status}" + (" with district B's object" if status == 200 else "")
    leaked = [marker for marker in B_MARKERS if marker in readable_text(outcome.body)]
    if not leaked:
        return None
    return f"{status}{f' to {location}' if location else ''} showing district B's {leaked}"


@pytest.mark.django_db
def test_no_role_of_one_district_reaches_another_districts_objects(caplog):
    caplog.set_level(logging.ERROR, logger="django.request")
    started = time.monotonic()
    province = DistrictFactory(name="Sở Giáo dục và Đào tạo tỉnh Bình Dương", kind=UnitKind.PROVINCE_DEPARTMENT)
    period = PeriodFactory(name="2024-2025", is_current=True)
    b = district_b(province, period)
    owners = {
        "superuser": UserFactory(username="quantri.he-thong", is_superuser=True),
        "office_b": b.office_b,
        "member_b": b.member_b,
        "principal_b": b.principal_b,
    }
    clients = {"anonymous": Client()}
    for name, user in {**district_a_users(province), **owners}.items():
        clients[name] = Client()
        clients[name].force_login(user)
    routes = project_routes()
    assert sorted(set(routes) - set(SWEEP) - set(PUBLIC)) == [], "see test_every_route_is_swept_or_public"

    failures, requests, addresses = [], 0, 0
    for name, build in SWEEP.items():
        for case in build(b):
            assert sorted(case.kwargs) == sorted(routes[name]), f"{name}: SWEEP builds {sorted(case.kwargs)}"
            url = reverse(name, kwargs=case.kwargs) + (f"?{urlencode(case.query)}" if case.query else "")
            addresses += 1
            for role in ["anonymous", *A_ROLES]:
                for method in ("get", "post"):
                    requests += 1
                    outcome = fetch(clients[role], method, url, case.data)
                    problem = verdict(role, method, bool(case.kwargs), outcome)
                    if problem:
                        failures.append(f"{role:>17} {method.upper():4} {url}: {problem}")
            if case.owner:
                outcome = fetch(clients[case.owner], "get", url, {}, follow=False)
                if outcome.status == 405:
                    outcome = fetch(clients[case.owner], "post", url, case.data, follow=False)
                if outcome.status not in (200, 302):
                    answer = outcome.status or repr(outcome.error)
                    failures.append(f"{case.owner:>17} (owner) {url}: {answer}, so the address names nothing")

    elapsed = time.monotonic() - started
    print(f"URL sweep: {addresses} addresses of {len(SWEEP)} routes × {len(A_ROLES) + 1} visitors × GET/POST")
    print(f"URL sweep: {requests} requests in {elapsed:.1f} s, {len(failures)} failures")
    assert failures == [], "\n" + "\n".join(failures)
