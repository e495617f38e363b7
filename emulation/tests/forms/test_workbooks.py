"""The upload of a workbook to import: the one upload check, then the workbook's guards."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from emulation.forms.workbooks import WorkbookUploadForm
from emulation.services.registrations import get_or_start_registration
from emulation.tests.factories import PeriodFactory
from emulation.tests.test_uploads import compound_file


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors(uploaded) -> list[str]:
    with translation.override("en"):
        form = WorkbookUploadForm(files={"file": uploaded})
        return [str(error) for error in form.errors.get("file", [])] if not form.is_valid() else []


def test_a_workbook_is_accepted_and_can_be_read_again():
    uploaded = SimpleUploadedFile("ds.xlsx", xlsx_bytes([["Họ và tên"], ["Nguyễn Văn An"]]))
    form = WorkbookUploadForm(files={"file": uploaded})

    assert form.is_valid()
    assert (form.cleaned_data["file"].tell(), form.cleaned_data["file"].name) == (0, "ds.xlsx")


def test_a_text_file_renamed_xlsx_is_refused():
    uploaded = SimpleUploadedFile("danh-sach.xlsx", "Họ và tên;Ngày sinh\nNguyễn Văn An;01/01/1980\n".encode())

    assert errors(uploaded) == ["The file “danh-sach.xlsx” is not XLSX: its content does not match its extension."]


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")

    assert errors(SimpleUploadedFile("bao-cao.xlsx", buffer.getvalue())) == [
        "The file “bao-cao.xlsx” is not XLSX: its content does not match its extension."
    ]


def test_an_old_xls_file_is_named_as_such():
    assert errors(SimpleUploadedFile("cu.xlsx", compound_file("Workbook"))) == [
        "“cu.xlsx” is an old Excel 97–2003 file (.xls): open it in Excel and save it as “Excel Workbook (.xlsx)”."
    ]


def test_a_20_mb_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES_WORKBOOKS = 5 * 1024 * 1024
    uploaded = SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024 - 4))

    assert errors(uploaded) == ["The file “lon.xlsx” is 20,0 MB, over the limit of 5 MB."]


def test_an_empty_file_is_refused():
    assert errors(SimpleUploadedFile("trong.xlsx", b"")) == ["The submitted file is empty."]


def test_a_zip_bomb_is_refused_by_the_guard():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 * 1024 * 1024))

    assert errors(SimpleUploadedFile("bom.xlsx", buffer.getvalue())) == [
        "“bom.xlsx” holds more than 64 MB once unpacked: split it into smaller files."
    ]


@pytest.mark.parametrize("size", [1, 5 * 1024 * 1024])
def test_the_widget_tells_the_page_the_limit(settings, size):
    settings.UPLOAD_MAX_BYTES_WORKBOOKS = size

    attrs = WorkbookUploadForm().fields["file"].widget.attrs

    assert (attrs["data-max-bytes"], attrs["accept"].split(",")[0]) == (str(size), ".xlsx")


@pytest.mark.django_db
@pytest.mark.parametrize("importer", ["staff", "registration"])
def test_every_importer_names_an_old_xls_file_the_same_way(client, principal_a, school_a, importer):
    client.force_login(principal_a)
    if importer == "staff":
        url = reverse("emulation:staff-import")
    else:
        registration = get_or_start_registration(unit=school_a, period=PeriodFactory(), by=principal_a)
        url = reverse("emulation:registration-import", args=[registration.pk])

    response = client.post(url, {"file": SimpleUploadedFile("danh-sach.xls", compound_file("Workbook"))})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "“danh-sach.xls” là tệp Excel 97–2003 cũ (.xls): hãy mở tệp bằng Excel và lưu lại dạng “Excel Workbook (.xlsx)”."
    ]
