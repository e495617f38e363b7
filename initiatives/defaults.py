"""The point scale a new initiative council's scoring form starts from.

No national scale exists: provinces and offices write their own (Gia Lai 1200/SGD&ĐT 2008, Bạc Liêu 192/HD-SGDĐT
2017; domain.md §3). These three criteria are the ones every such scale judges (TT 18/2013 Đ.3: new within the
unit, applied with benefit), with figures that no text confirms. They are copied into the council's own form,
which the council edits before its members score; the settings give the threshold and the vote.
"""

from decimal import Decimal

# (criterion, what is judged, maximum points, [(level, points), …]); the printed words of a scoring form.
DEFAULT_SCALE = [
    (
        "Tính mới",
        "Giải pháp mới trong phạm vi đơn vị, không trùng với giải pháp đã được công nhận hoặc đã áp dụng.",
        Decimal("30"),
        [
            ("Hoàn toàn mới", Decimal("30")),
            ("Có cải tiến rõ so với giải pháp đã có", Decimal("20")),
            ("Mới ở một phần", Decimal("10")),
            ("Không có tính mới", Decimal("0")),
        ],
    ),
    (
        "Khả năng áp dụng",
        "Đã áp dụng hoặc áp dụng thử tại đơn vị; khả năng nhân rộng.",
        Decimal("30"),
        [
            ("Áp dụng được rộng rãi, dễ nhân rộng", Decimal("30")),
            ("Áp dụng được trong đơn vị", Decimal("20")),
            ("Áp dụng được trong phạm vi hẹp", Decimal("10")),
            ("Khó áp dụng", Decimal("0")),
        ],
    ),
    (
        "Hiệu quả",
        "Lợi ích thu được khi áp dụng, có minh chứng.",
        Decimal("40"),
        [
            ("Hiệu quả cao, có minh chứng rõ", Decimal("40")),
            ("Có hiệu quả", Decimal("25")),
            ("Hiệu quả thấp", Decimal("10")),
            ("Chưa thấy hiệu quả", Decimal("0")),
        ],
    ),
]
