import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from emulation.documents.layout import format_symbol
from emulation.documents.numbering import allocate_number, last_issued_number, set_next_number
from emulation.enums import DocumentType
from emulation.models import IssuedNumber, NumberCounter
from emulation.tests.factories import DistrictFactory, SchoolFactory

NOV_3 = dt.date(2023, 11, 3)


class Rollback(Exception):
    pass


def test_format_symbol_of_a_typed_document():
    assert format_symbol(number=58, doc_type=DocumentType.PLAN, unit_symbol="PGDĐT") == "58/KH-PGDĐT"


def test_format_symbol_pads_numbers_below_ten():
    assert format_symbol(number=5, doc_type="QĐ", unit_symbol="THTT") == "05/QĐ-THTT"


def test_format_symbol_of_an_official_letter_has_no_type_code():
    assert format_symbol(number=207, doc_type=DocumentType.OFFICIAL_LETTER, unit_symbol="PGDĐT") == "207/PGDĐT"


def test_format_symbol_of_an_official_letter_with_drafting_unit():
    symbol = format_symbol(number=2685, doc_type=DocumentType.OFFICIAL_LETTER, unit_symbol="SGDĐT", drafting_unit="VP")

    assert symbol == "2685/SGDĐT-VP"


def test_format_symbol_ignores_drafting_unit_for_typed_documents():
    symbol = format_symbol(number=12, doc_type=DocumentType.SUBMISSION, unit_symbol="THTB2", drafting_unit="VP")

    assert symbol == "12/TTr-THTB2"


def test_format_symbol_of_a_draft_leaves_the_number_blank():
    assert format_symbol(number=None, doc_type="KH", unit_symbol="PGDĐT") == "\u00a0" * 6 + "/KH-PGDĐT"


def test_format_symbol_rejects_an_unknown_type():
    with pytest.raises(ValueError):
        format_symbol(number=1, doc_type="XX", unit_symbol="PGDĐT")


def test_document_type_codes_follow_the_decree():
    assert [DocumentType(code).symbol_code for code in ("KH", "QĐ", "TTr", "BB", "BC", "TB", "HD", "GK", "CV")] == [
        "KH",
        "QĐ",
        "TTr",
        "BB",
        "BC",
        "TB",
        "HD",
        "GK",
        "",
    ]


@pytest.mark.django_db
def test_allocate_number_is_sequential_and_records_each_number(district):
    issued = [
        allocate_number(unit=district, doc_type=DocumentType.PLAN, issued_on=NOV_3, title=f"Kế hoạch {n}")
        for n in range(1, 12)
    ]

    assert [i.number for i in issued] == list(range(1, 12))
    assert [i.symbol for i in issued[8:]] == ["09/KH-PGDĐT", "10/KH-PGDĐT", "11/KH-PGDĐT"]
    assert list(IssuedNumber.objects.order_by("number").values_list("number", "year", "doc_type", "issued_on")) == [
        (n, 2023, "KH", NOV_3) for n in range(1, 12)
    ]
    assert NumberCounter.objects.get().last_number == 11


@pytest.mark.django_db
def test_the_numbering_of_a_year_starts_where_the_office_says_before_any_number_is_issued(district):
    set_next_number(unit=district, doc_type=DocumentType.PLAN, year=2023, next_number=15)

    issued = allocate_number(unit=district, doc_type=DocumentType.PLAN, issued_on=NOV_3, title="Kế hoạch")
    other_type = allocate_number(unit=district, doc_type=DocumentType.DECISION, issued_on=NOV_3, title="Quyết định")

    assert (issued.symbol, other_type.symbol) == ("15/KH-PGDĐT", "01/QĐ-PGDĐT")


@pytest.mark.django_db
def test_the_next_number_may_move_up_but_never_to_or_below_an_issued_number(district):
    for title in ("Kế hoạch 1", "Kế hoạch 2", "Kế hoạch 3"):
        allocate_number(unit=district, doc_type=DocumentType.PLAN, issued_on=NOV_3, title=title)
    refused = []
    for next_number in (3, 1, 0):
        with pytest.raises(ValidationError) as error:
            set_next_number(unit=district, doc_type=DocumentType.PLAN, year=2023, next_number=next_number)
        refused.append(error.value.message_dict["next_number"])

    set_next_number(unit=district, doc_type=DocumentType.PLAN, year=2023, next_number=10)
    issued = allocate_number(unit=district, doc_type=DocumentType.PLAN, issued_on=NOV_3, title="Kế hoạch 10")

    assert refused == [
        ["Số 03/KH-PGDĐT đã được cấp ngày 03/11/2023: số tiếp theo phải lớn hơn 3."],
        ["Số 03/KH-PGDĐT đã được cấp ngày 03/11/2023: số tiếp theo phải lớn hơn 3."],
        ["Số đầu tiên của một năm phải từ 1 trở lên."],
    ]
    assert issued.symbol == "10/KH-PGDĐT"
    assert last_issued_number(unit=district, doc_type=DocumentType.PLAN, year=2023) == issued
    assert last_issued_number(unit=district, doc_type=DocumentType.PLAN, year=2024) is None


@pytest.mark.django_db
def test_allocate_number_keeps_separate_sequences_per_unit_year_and_type(district):
    school = SchoolFactory(parent=district, symbol="THTT")
    first = allocate_number(unit=district, doc_type="KH", issued_on=NOV_3, title="a")
    second = allocate_number(unit=district, doc_type="KH", issued_on=dt.date(2023, 12, 31), title="b")
    next_year = allocate_number(unit=district, doc_type="KH", issued_on=dt.date(2024, 1, 2), title="c")
    decision = allocate_number(unit=district, doc_type="QĐ", issued_on=NOV_3, title="d")
    other_unit = allocate_number(unit=school, doc_type="KH", issued_on=NOV_3, title="e")
    letter = allocate_number(unit=district, doc_type="CV", issued_on=NOV_3, title="f", drafting_unit="VP")

    assert [first.symbol, second.symbol, next_year.symbol, decision.symbol, other_unit.symbol, letter.symbol] == [
        "01/KH-PGDĐT",
        "02/KH-PGDĐT",
        "01/KH-PGDĐT",
        "01/QĐ-PGDĐT",
        "01/KH-THTT",
        "01/PGDĐT-VP",
    ]
    assert [next_year.year, second.year] == [2024, 2023]


@pytest.mark.django_db
def test_allocate_number_in_a_rolled_back_transaction_consumes_no_number(district):
    allocate_number(unit=district, doc_type="KH", issued_on=NOV_3, title="issued")

    with pytest.raises(Rollback), transaction.atomic():
        lost = allocate_number(unit=district, doc_type="KH", issued_on=NOV_3, title="abandoned")
        raise Rollback
    after = allocate_number(unit=district, doc_type="KH", issued_on=NOV_3, title="issued too")

    assert lost.number == 2
    assert after.number == 2
    assert list(IssuedNumber.objects.order_by("number").values_list("number", "title")) == [
        (1, "issued"),
        (2, "issued too"),
    ]


@pytest.mark.django_db
def test_allocate_number_references_what_it_numbered(district):
    school = SchoolFactory(parent=district)

    issued = allocate_number(unit=district, doc_type="QĐ", issued_on=NOV_3, title="Quyết định", subject=school)

    assert IssuedNumber.objects.get(pk=issued.pk).subject == school


@pytest.mark.django_db
def test_issued_number_is_unique_per_unit_year_and_type(district):
    issued = allocate_number(unit=district, doc_type="KH", issued_on=NOV_3, title="a")

    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.create(
            unit=district, year=2023, doc_type="KH", number=issued.number, symbol="x", issued_on=NOV_3, title="b"
        )


@pytest.mark.services
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_allocate_number_under_concurrent_issuing_has_no_duplicate_and_no_gap():
    unit = DistrictFactory()
    threads_count, issues_per_thread = 8, 10
    barrier = threading.Barrier(threads_count)
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def issue_many():
        try:
            barrier.wait()
            for index in range(issues_per_thread):
                with transaction.atomic():
                    issued = allocate_number(unit=unit, doc_type="QĐ", issued_on=NOV_3, title=f"{index}")
                with lock:
                    numbers.append(issued.number)
                # An abandoned issue between two real ones must not leave a gap.
                with pytest.raises(Rollback), transaction.atomic():
                    allocate_number(unit=unit, doc_type="QĐ", issued_on=NOV_3, title="abandoned")
                    raise Rollback
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue_many) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == list(range(1, threads_count * issues_per_thread + 1))
    assert sorted(IssuedNumber.objects.filter(unit=unit).values_list("number", flat=True)) == list(range(1, 81))
    assert NumberCounter.objects.get(unit=unit).last_number == 80
