import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import translation

from emulation.tests.files import compound_file, office_zip
from emulation.uploads import (
    DOCUMENTS,
    IMAGES,
    MIB,
    UploadField,
    body_too_large,
    check_upload,
    detect,
    kinds_text,
    widget_attrs,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


class Unreadable(SimpleUploadedFile):
    """A file whose content must not be read."""

    def read(self, *args, **kwargs):
        raise AssertionError("the content was read")


def refusal(file, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(file, **kwargs)
    return caught.value.messages[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpg"),
        (office_zip("word/document.xml"), "docx"),
        (office_zip("xl/workbook.xml"), "xlsx"),
        (compound_file("WordDocument"), "doc"),
        (compound_file("Workbook"), "xls"),
        (compound_file("EncryptedPackage"), "encrypted"),
        (b"Ho va ten;Ngay sinh\n", None),
        (office_zip("content.xml"), None),
    ],
)
def test_detect_reads_the_type_from_the_content(content, expected):
    assert detect(io.BytesIO(content)) == expected


def test_check_upload_returns_the_detected_extension_whatever_the_name():
    assert check_upload(SimpleUploadedFile("quyet-dinh.docx", PDF), kinds=DOCUMENTS) == "pdf"


def test_check_upload_refuses_a_size_over_the_limit_before_reading():
    file = Unreadable("to-trinh.pdf", b"")
    file.size = 13_002_342

    assert refusal(file, kinds=DOCUMENTS) == "Tệp “to-trinh.pdf” lớn 12,4 MB, vượt giới hạn 10 MB."


def test_check_upload_applies_the_detected_types_own_limit():
    photo = SimpleUploadedFile("anh.jpg", JPEG)
    photo.size = 7 * MIB
    scan = SimpleUploadedFile("scan.pdf", PDF)
    scan.size = 7 * MIB

    assert refusal(photo, kinds=(*DOCUMENTS, *IMAGES)) == "Tệp “anh.jpg” lớn 7,0 MB, vượt giới hạn 5 MB."
    assert check_upload(scan, kinds=(*DOCUMENTS, *IMAGES)) == "pdf"


def test_check_upload_size_settings_are_read_per_kind(settings):
    settings.UPLOAD_MAX_BYTES_DOCUMENTS = 2 * MIB
    scan = SimpleUploadedFile("scan.pdf", PDF)
    scan.size = 3 * MIB

    assert refusal(scan, kinds=DOCUMENTS) == "Tệp “scan.pdf” lớn 3,0 MB, vượt giới hạn 2 MB."


def test_check_upload_refuses_content_that_does_not_match_the_extension():
    renamed = SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>")

    assert refusal(renamed, kinds=("pdf", "docx", *IMAGES)) == (
        "Tệp “x.pdf” không phải là PDF, DOCX hoặc ảnh (JPG, PNG): nội dung không khớp với phần mở rộng."
    )


def test_check_upload_refuses_a_type_not_accepted():
    assert refusal(SimpleUploadedFile("ghi-chu.txt", b"hello"), kinds=("pdf",)) == (
        "Tệp “ghi-chu.txt” không phải là PDF."
    )


def test_check_upload_names_an_old_excel_file():
    assert refusal(SimpleUploadedFile("ds.xlsx", compound_file("Workbook")), kinds=("xlsx",)) == (
        "“ds.xlsx” là tệp Excel 97–2003 cũ (.xls): hãy mở tệp bằng Excel và lưu lại dạng “Excel Workbook (.xlsx)”."
    )


def test_check_upload_names_a_password_protected_file():
    assert refusal(SimpleUploadedFile("ds.xlsx", compound_file("EncryptedPackage")), kinds=("xlsx",)) == (
        "Tệp “ds.xlsx” được đặt mật khẩu: hãy mở tệp, bỏ mật khẩu rồi lưu lại."
    )


def test_check_upload_refuses_an_empty_file():
    assert refusal(SimpleUploadedFile("trong.pdf", b""), kinds=DOCUMENTS) == "Tệp “trong.pdf” không có nội dung."


def test_check_upload_tells_doc_from_xls():
    assert check_upload(SimpleUploadedFile("bien-ban.doc", compound_file("WordDocument")), kinds=DOCUMENTS) == "doc"
    assert refusal(SimpleUploadedFile("bang.doc", compound_file("Workbook")), kinds=DOCUMENTS) == (
        "Tệp “bang.doc” không phải là PDF, DOC hoặc DOCX: nội dung không khớp với phần mở rộng."
    )


def test_kinds_text_in_english():
    with translation.override("en"):
        assert kinds_text(("pdf", "docx", "jpg", "png")) == "PDF, DOCX or an image (JPG, PNG)"


def test_body_too_large_refuses_from_the_header_only():
    request = RequestFactory().post("/", data=b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(200 * MIB)

    assert body_too_large(request, max_bytes=10 * MIB) == "Tệp tải lên lớn 200,0 MB, vượt giới hạn 10 MB."


def test_body_too_large_allows_a_body_within_the_limit_and_its_form():
    request = RequestFactory().post("/", data=b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(10 * MIB + 1000)

    assert body_too_large(request, max_bytes=10 * MIB) is None


def test_body_too_large_ignores_a_malformed_header():
    request = RequestFactory().get("/")
    request.META["CONTENT_LENGTH"] = "abc"

    assert body_too_large(request, max_bytes=MIB) is None


def test_widget_attrs_say_what_is_accepted():
    assert widget_attrs(("pdf", "jpg")) == {
        "accept": ".pdf,.jpg,.jpeg,application/pdf,image/jpeg",
        "data-max-bytes": str(10 * MIB),
        "data-too-large": "Tệp quá lớn; giới hạn là 10 MB.",
    }


class DecisionForm(forms.Form):
    file = UploadField(kinds=("pdf", *IMAGES))


def test_upload_field_accepts_a_real_file_and_names_it_by_its_type():
    form = DecisionForm(files={"file": SimpleUploadedFile("quyet dinh.PNG.pdf", PNG)})

    assert form.is_valid()
    assert form.cleaned_data["file"].name == "quyet dinh.PNG.png"


def test_upload_field_refuses_a_disguised_file():
    form = DecisionForm(files={"file": SimpleUploadedFile("quyet-dinh.pdf", b"MZ\x90\x00")})

    assert not form.is_valid()
    assert form.errors["file"] == [
        "Tệp “quyet-dinh.pdf” không phải là PDF hoặc ảnh (JPG, PNG): nội dung không khớp với phần mở rộng."
    ]
