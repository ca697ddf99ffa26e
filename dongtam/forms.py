"""Form plumbing shared by every app: Bootstrap classes on form widgets."""

from django import forms


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
