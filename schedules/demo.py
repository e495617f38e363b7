"""The demo's plan: seed 003's timeline (Phòng GDĐT Dầu Tiếng, KH 58/KH-PGDĐT) moved to the current year.

Built on top of :func:`emulation.demo.build_demo`; issued, so principals see live deadlines,
with most schools done with the registration and a few late, overdue or given more time.
"""

import datetime as dt
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from emulation.deadlines import grant_extension, record_action_done
from emulation.demo import CURRENT_PERIOD, DemoResult
from emulation.enums import DeadlineAction
from emulation.models import Period

from . import services
from .models import Plan

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
        plan.sections.create(order=order, heading=heading, body=body)
    services.import_timeline(plan=plan, by=author, text=shifted_timeline(year))
    plan = services.issue_plan(plan=plan, by=author, issued_on=dt.date(year, 11, 3))
    _record_progress(plan, result, author)
    return plan


def _record_progress(plan: Plan, result: DemoResult, author) -> None:
    """Most schools registered on time, some late; two still overdue, one was given more time."""
    registration = plan.milestones.get(order=2)
    due = registration.due_on
    schools = sorted(result.schools, key=lambda unit: unit.symbol)
    for index, school in enumerate(schools):
        if index % 14 == 5:
            continue
        if index % 14 == 9:
            grant_extension(
                deadline=registration.deadline,
                unit=school,
                last_day=due + dt.timedelta(days=14),
                reason="Trường bổ sung quyết định kiện toàn Hội đồng Thi đua - Khen thưởng.",
                by=author,
            )
            continue
        days = -(index % 4) if index % 7 else 3
        moment = dt.datetime.combine(due + dt.timedelta(days=days), dt.time(15, 30)).astimezone()
        record_action_done(unit=school, period=plan.period, action=DeadlineAction.REGISTRATION, by=author, at=moment)
