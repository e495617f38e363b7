"""The demo's plan: seed 003's timeline (Phòng GDĐT Dầu Tiếng, KH 58/KH-PGDĐT) moved to the current year.

Built on top of :func:`emulation.demo.build_demo`; issued, so principals see live deadlines,
with most schools done with the registration and a few late, overdue or given more time.
"""

import datetime as dt
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from emulation.demo.build import DemoResult
from emulation.demo.specs import CURRENT_PERIOD
from emulation.enums import DeadlineAction, RegistrationState, StaffCategory
from emulation.models import (
    Award,
    CollectiveTarget,
    Period,
    Person,
    Registration,
    RegistrationLine,
    RegistrationLog,
)
from emulation.services.deadlines import grant_extension, record_action_done

from . import services
from .models import Plan, PlanSection

TIMELINE = Path(__file__).with_name("demo_data") / "seed003_timeline.txt"
SEED_FIRST_YEAR = 2023
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


def shifted_timeline(first_year: int) -> str:
    """Seed 003's appendix with its years moved so that 2023 becomes *first_year*."""
    shift = first_year - SEED_FIRST_YEAR
    return re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) + shift), TIMELINE.read_text(encoding="utf-8"))


@transaction.atomic
def build_demo_plan(result: DemoResult) -> Plan | None:
    """Create and issue the demo plan unless the office already has a plan for the current year."""
    period = Period.objects.get(name=CURRENT_PERIOD)
    if Plan.objects.filter(issuing_unit=result.district, period=period).exists():
        return None
    author = get_user_model().objects.get(username="phong.chuyenvien")
    year = period.start_date.year
    plan = services.create_plan(
        issuing_unit=result.district,
        period=period,
        by=author,
        title=TITLE.format(year=year, next_year=year + 1),
        preamble="\n".join(GROUNDS),
        signer_prefix="",
        signer_authority="Trưởng phòng",
        signer_name="Tạ Tấn Tuấn",
        recipients=RECIPIENTS,
    )
    for order, (heading, body) in enumerate(SECTIONS, start=1):
        services.save_plan_section(section=PlanSection(plan=plan, order=order, heading=heading, body=body), by=author)
    services.import_timeline(plan=plan, by=author, text=shifted_timeline(year))
    plan = services.issue_plan(plan=plan, by=author, issued_on=dt.date(year, 11, 3))
    _record_progress(plan, result, author)
    return plan


def _record_progress(plan: Plan, result: DemoResult, author) -> None:
    """Most schools registered on time, some late; two still overdue, one was given more time."""
    registration_milestone = plan.milestones.get(order=2)
    due = registration_milestone.due_on
    schools = sorted(result.schools, key=lambda unit: unit.symbol)
    awards = {award.code: award for award in Award.objects.filter(code__in=["ldtt", "cstdcs", "ttldtt", "ttldxs"])}
    for index, school in enumerate(schools):
        if index % 14 == 5:
            continue
        if index % 14 == 9:
            grant_extension(
                deadline=registration_milestone.deadline,
                unit=school,
                last_day=due + dt.timedelta(days=14),
                reason="Trường bổ sung quyết định kiện toàn Hội đồng Thi đua - Khen thưởng.",
                by=author,
            )
            continue
        days = -(index % 4) if index % 7 else 3
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
