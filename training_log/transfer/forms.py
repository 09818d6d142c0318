from django import forms

from accounts.models import Unit

from .importer import NEW


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Your export (CSV)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
        error_messages={"empty": "That file is empty: export your history again and upload that file."},
    )


class ConfirmForm(forms.Form):
    """What each exercise name the library didn't recognise becomes; the unit of a file without one; and
    whether to leave out the rows we can't read. Fields are named by the name's place on the preview."""

    def __init__(self, *args, job, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = {}
        preview = job.preview
        if preview.get("needs_unit"):
            self.fields["unit"] = forms.ChoiceField(
                label="The weights in this file are in",
                choices=Unit.choices,
                widget=forms.RadioSelect,  # no default: a wrong guess would store every weight wrong
                error_messages={"required": "Pick kg or lb: Strong's files don't say which."},
            )
        for index, entry in enumerate(preview["exercises"]):
            if entry["recognised"]:
                continue
            name = f"exercise_{index}"
            self.names[name] = entry["name"]
            self.fields[name] = forms.ChoiceField(
                label=entry["name"],
                choices=choices,
                initial=str(entry["suggestion"]) if entry["suggestion"] else NEW,
                help_text=f"{entry['sets']} set{'s' if entry['sets'] != 1 else ''}",
            )
        if preview.get("broken_total"):
            total = preview["broken_total"]
            self.fields["leave_out_broken"] = forms.BooleanField(
                label=f"Leave out the {total} row{'s' if total != 1 else ''} we can't read, and import the rest",
                required=True,
                error_messages={
                    "required": "Tick this to import without those rows, or fix the file and upload it again."
                },
            )

    def mapping(self) -> dict[str, str]:
        return {self.names[field]: self.cleaned_data[field] for field in self.names}

    def exercise_fields(self):
        return [self[name] for name in self.names]
