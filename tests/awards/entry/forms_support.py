"""Read a page's form as a browser would submit it (hidden fields, ticked boxes, filled
inputs, selected options), so tests can post "from the page" — including a stale one."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.depth = form_id, form_id is None, 0
        self.data: dict[str, str] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form_id is not None and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button"):
                self.data[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form" and self.form_id is not None:
            self.inside = False


def form_fields(html: str, form_id: str | None = None) -> dict[str, str]:
    """The fields the form (`form_id`, or every form of the page) would post."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data = dict(reader.data)
    data.pop("csrfmiddlewaretoken", None)
    return data
