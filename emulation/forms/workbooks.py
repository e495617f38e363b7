"""The upload of a workbook to import: the one upload check, then the workbook's own guards."""

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.uploads import UploadField
from emulation.workbooks import WorkbookRefused, open_workbook


class WorkbookUploadForm(forms.Form):
    """One .xlsx file: its size and type by :func:`~emulation.uploads.check_upload`, then opened once, guarded.

    A file openpyxl could not read, or whose reading would cost too much (a ZIP bomb, millions of texts),
    is refused here with the guard's message; what its rows say is the preview's business.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made here, not on the class: the limit it tells the page is read from the settings now.
        self.fields["file"] = UploadField(label=_("Excel file (.xlsx)"), kinds=("xlsx",))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            open_workbook(uploaded).close()
        except WorkbookRefused as refusal:
            raise forms.ValidationError(str(refusal), code=refusal.code) from None
        finally:
            uploaded.seek(0)
        return uploaded
