"""The demo's plan: the timeline of the Dầu Tiếng plan (KH 58/KH-PGDĐT, 03/11/2023) moved around today.

Built on top of :func:`emulation.demo.build_demo`, with the dates of its :class:`~emulation.demo.year.DemoYear`:
issued, so principals see live deadlines. The registration closed a few days ago: most schools
sent theirs (some late), two did not, and a few, the demo principal's school among them, were
given two more weeks, so that the principal can still do the whole registration round. The
month of the block pacts is open now, and the rest of the year is ahead.
"""

import datetime as dt
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from emulation.demo.build import DemoResult
from emulation.demo.specs import ACCOUNTS
from emulation.demo.year import SEED_FIRST_YEAR, DemoYear
from emulation.enums import DeadlineAction, RegistrationState, Role, StaffCategory
from emulation.models import (
    Award,
    CollectiveTarget,
    Person,
    Registration,
    RegistrationLine,
    RegistrationLog,
)
from emulation.services.deadlines import grant_extension, record_action_done

from . import services
from .models import Plan, PlanSection

TIMELINE = Path(__file__).with_name("demo_data") / "seed003_timeline.txt"
# The school of the demo principal (th.thanhtuyen.ht): its registration is left for them to do.
PRINCIPAL_SCHOOL = next(spec.unit_symbol for spec in ACCOUNTS if spec.role == Role.PRINCIPAL)
TITLE = "Công tác thi đua, khen thưởng ngành Giáo dục và Đào tạo năm học {year} - {next_year}"
GROUNDS = (
    "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều "
    "của Luật Thi đua, khen thưởng;",
    "Căn cứ Thông tư số 29/2023/TT-BGDĐT ngày 19 tháng 12 năm 2023 của Bộ Giáo dục và Đào tạo hướng dẫn công tác "
    "thi đua, khen thưởng ngành Giáo dục;",
)
SECTIONS = (
    (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Động viên viên chức, người lao động trong toàn ngành thể hiện bằng những việc làm cụ thể, thiết thực đổi "
        "mới, sáng tạo trong công tác quản lý, trong hoạt động giảng dạy và học tập.\n"
        "Thực hiện các phong trào thi đua một cách thiết thực, hiệu quả; nâng cao chất lượng công tác thi đua, "
        "khen thưởng, đảm bảo nguyên tắc chính xác, công khai, công bằng, kịp thời.",
    ),
    (
        "II. NỘI DUNG THỰC HIỆN",
        "Các cơ sở giáo dục tổ chức triển khai các văn bản hướng dẫn về công tác thi đua, khen thưởng; thực hiện "
        "đăng ký thi đua năm học, gửi hồ sơ về Phòng GDĐT theo phân cấp quản lý hiện hành.",
    ),
    (
        "III. TỔ CHỨC THỰC HIỆN",
        "Các đơn vị thực hiện hồ sơ thi đua, khen thưởng theo đúng các mốc thời gian quy định (Phụ lục đính kèm), "
        "báo cáo công tác thi đua, khen thưởng gửi về Phòng GDĐT./.",
    ),
)
RECIPIENTS = "Thường trực HĐ TĐ-KT huyện (Phòng Nội vụ)\nHội đồng TĐ-KT ngành GDĐT huyện\nCác đơn vị trực thuộc Phòng GDĐT\nLưu: VT, VP, Ban"


# The time phrases of that timeline: "Từ 15/3 đến 29/3/2024", "Trong tháng 11/2023", "Trước ngày 11/11/2023".
RANGE = re.compile(r"(\d{1,2})/(\d{1,2}) đến (\d{1,2})/(\d{1,2})/(\d{4})")
MONTH = re.compile(r"([Tt]háng) (\d{1,2})/(\d{4})")
DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
YEAR = re.compile(r"\b(20\d\d)\b")
ROW = re.compile(r"^\d+\.$")


def _written(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def moved_due(text: str, year: DemoYear) -> str:
    """A time phrase of the timeline with its days moved; a month becomes the month its middle moves to."""
    if match := RANGE.search(text):
        d1, m1, d2, m2, y = map(int, match.groups())
        first, last = year.moved(dt.date(y, m1, d1)), year.moved(dt.date(y, m2, d2))
        start = f"{first.day:02d}/{first.month:02d}" if first.year == last.year else _written(first)
        return f"{text[: match.start()]}{start} đến {_written(last)}{text[match.end() :]}"
    if match := MONTH.search(text):
        middle = year.moved(dt.date(int(match[3]), int(match[2]), 15))
        return f"{text[: match.start()]}{match[1]} {middle.month:02d}/{middle.year}{text[match.end() :]}"
    return DAY.sub(lambda m: _written(year.moved(dt.date(int(m[3]), int(m[2]), int(m[1])))), text)


def shifted_timeline(year: DemoYear) -> str:
    """Seed 003's appendix with its dates moved by :attr:`DemoYear.shift` and its school years renamed."""
    years_later = year.first_year - SEED_FIRST_YEAR
    lines = []
    for line in TIMELINE.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 4 and ROW.match(cells[0]):
            cells[1] = YEAR.sub(lambda m: str(int(m[1]) + years_later), cells[1])
            cells[2] = moved_due(cells[2], year)
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


@transaction.atomic
def build_demo_plan(result: DemoResult) -> Plan | None:
    """Create and issue the demo plan unless the office already has a plan for the current year."""
    period = result.period
    if Plan.objects.filter(issuing_unit=result.district, period=period).exists():
        return None
    author = get_user_model().objects.get(username="phong.chuyenvien")
    first_year = result.year.first_year
    plan = services.create_plan(
        issuing_unit=result.district,
        period=period,
        by=author,
        title=TITLE.format(year=first_year, next_year=first_year + 1),
        preamble="\n".join(GROUNDS),
        signer_prefix="",
        signer_authority="Trưởng phòng",
        signer_name="Tạ Tấn Tuấn",
        recipients=RECIPIENTS,
    )
    for order, (heading, body) in enumerate(SECTIONS, start=1):
        services.save_plan_section(section=PlanSection(plan=plan, order=order, heading=heading, body=body), by=author)
    services.import_timeline(plan=plan, by=author, text=shifted_timeline(result.year))
    plan = services.issue_plan(plan=plan, by=author, issued_on=result.year.issued_on)
    _record_progress(plan, result, author)
    return plan


def _record_progress(plan: Plan, result: DemoResult, author) -> None:
    """Most schools registered on time, some late; two still overdue, a few (the principal's) given more time."""
    registration_milestone = plan.milestones.get(order=2)
    due = registration_milestone.due_on
    schools = sorted(result.schools, key=lambda unit: unit.symbol)
    awards = {award.code: award for award in Award.objects.filter(code__in=["ldtt", "cstdcs", "ttldtt", "ttldxs"])}
    for index, school in enumerate(schools):
        if index % 14 == 5 and school.symbol != PRINCIPAL_SCHOOL:
            continue
        if index % 14 == 9 or school.symbol == PRINCIPAL_SCHOOL:
            grant_extension(
                deadline=registration_milestone.deadline,
                unit=school,
                last_day=result.year.extended_last_day,
                reason="Trường bổ sung quyết định kiện toàn Hội đồng Thi đua - Khen thưởng.",
                by=author,
            )
            continue
        days = -(index % 4) if index % 7 else 2
        moment = timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=days), dt.time(15, 30)))
        _submitted_registration(school, plan.period, index, moment, awards, author)
        record_action_done(unit=school, period=plan.period, action=DeadlineAction.REGISTRATION, by=author, at=moment)


def _submitted_registration(school, period, index: int, moment, awards: dict, author) -> Registration:
    """A school's registration as sent: every active staff member LĐTT, managers and some teachers CSTĐCS."""
    if index % 5 == 0:
        state = RegistrationState.ACCEPTED
    elif index % 11 == 3:
        state = RegistrationState.RETURNED
    else:
        state = RegistrationState.SUBMITTED
    registration = Registration.objects.create(
        unit=school,
        period=period,
        state=state,
        submitted_at=moment,
        accepted_at=moment + dt.timedelta(days=2) if state == RegistrationState.ACCEPTED else None,
        review_comment=RETURN_COMMENT if state == RegistrationState.RETURNED else "",
    )
    registration.plan_file.save(f"ke-hoach-thi-dua-{school.symbol.lower()}.pdf", ContentFile(DEMO_PDF), save=False)
    registration.council_decision_file.save(
        f"qd-hoi-dong-{school.symbol.lower()}.pdf", ContentFile(DEMO_PDF), save=False
    )
    registration.save(update_fields=["plan_file", "council_decision_file"])
    target = awards["ttldxs"] if index % 3 == 0 else awards["ttldtt"]
    CollectiveTarget.objects.create(registration=registration, award=target, commitment=COMMITMENT)
    staff = Person.objects.filter(unit=school, is_active=True).order_by("pk")
    lines = []
    for position, person in enumerate(staff):
        aims_higher = person.category == StaffCategory.MANAGER or position % 9 == 4
        lines.append(
            RegistrationLine(
                registration=registration,
                person=person,
                title=awards["cstdcs"] if aims_higher else awards["ldtt"],
                initiative_title=INITIATIVES[position % len(INITIATIVES)] if aims_higher else "",
                initiative_field="Quản lý" if person.category == StaffCategory.MANAGER else "Chuyên môn",
            )
        )
    RegistrationLine.objects.bulk_create(lines)
    history = [(RegistrationState.DRAFT, RegistrationState.SUBMITTED, "")]
    if state == RegistrationState.ACCEPTED:
        history.append((RegistrationState.SUBMITTED, RegistrationState.ACCEPTED, ""))
    if state == RegistrationState.RETURNED:
        history.append((RegistrationState.SUBMITTED, RegistrationState.RETURNED, RETURN_COMMENT))
    RegistrationLog.objects.bulk_create(
        [RegistrationLog(registration=registration, from_state="", to_state=RegistrationState.DRAFT)]
        + [
            RegistrationLog(registration=registration, from_state=old, to_state=new, comment=comment, by=author)
            for old, new, comment in history
        ]
    )
    return registration


# A one-page PDF standing in for the schools' scanned attachments.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
COMMITMENT = (
    "Tập thể nhà trường đoàn kết, hoàn thành xuất sắc nhiệm vụ năm học; 100% cán bộ, giáo viên, nhân viên "
    "hoàn thành nhiệm vụ, không có trường hợp vi phạm kỷ luật."
)
RETURN_COMMENT = "Đề nghị bổ sung quyết định kiện toàn Hội đồng Thi đua - Khen thưởng có chữ ký và đóng dấu."
INITIATIVES = (
    "Một số biện pháp nâng cao chất lượng đọc hiểu cho học sinh lớp 4",
    "Ứng dụng công nghệ thông tin trong quản lý hồ sơ chuyên môn",
    "Một số biện pháp rèn kỹ năng tự phục vụ cho trẻ mẫu giáo 5 - 6 tuổi",
    "Tổ chức hoạt động trải nghiệm gắn với di tích lịch sử địa phương",
)
