"""Form plumbing shared by every app: Bootstrap classes on form widgets, and drop-downs that
say what to choose.

- `style_fields(form)`: each widget's Bootstrap class.
- Django's empty choice is "---------"; ours reads "— chọn tổ dân phố —" (the field's label).
  `NamedEmptyChoices` (a form mixin) renames every empty choice of its fields;
  `empty_choice` gives the text for a field declared by hand
  (`empty_label=empty_choice("giai đoạn")`)."""

from __future__ import annotations

from django import forms

DJANGO_EMPTY = "---------"


def style_fields(form) -> None:
    """Give each widget its Bootstrap class (form-select, form-control, form-check-input);
    lists of checkboxes or radio buttons are laid out by their templates and left alone."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


def empty_choice(what: str) -> str:
    return f"— chọn {what} —"


def _what(field: forms.Field, name: str) -> str:
    label = str(field.label or name.replace("_", " "))
    label = label.split(" (")[0].strip()  # "Tổ dân phố (nếu gắn với một tổ)" → "Tổ dân phố"
    return label.lower()


def name_empty_choices(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelMultipleChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_EMPTY:
                field.empty_label = empty_choice(_what(field, name))
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if any(value == "" and label == DJANGO_EMPTY for value, label in choices):
                field.choices = [
                    (value, empty_choice(_what(field, name)) if value == "" else label)
                    for value, label in choices
                ]


class NamedEmptyChoices:
    """Form mixin: every "---------" of the form's drop-downs becomes "— chọn … —"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_empty_choices(self)
