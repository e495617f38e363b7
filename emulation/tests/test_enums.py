"""The shared vocabularies of enums.py: deadline standings."""

from django.utils import translation

from emulation.enums import DeadlineStanding


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
