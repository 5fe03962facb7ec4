from django import forms

from thrivekit.instrument_library.services import MAX_FILE_BYTES
from thrivekit.nhsuk_forms import fields


class InstrumentUploadForm(forms.Form):
    file = fields.FileField(
        label="Instrument file",
        hint="A YAML file in the same format as the built-in instruments, up to 1 MB",
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file must be smaller than 1 MB")
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The file must be a UTF-8 text file") from error
