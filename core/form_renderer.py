"""A form renderer that writes the plain widgets (inputs, text areas, selects) in Python.

Django renders every widget through its own small templates (the widget, its attributes, each
option), a few dozen template renders per select. A worklist that carries a form on every row
spends most of its time there. This renderer writes the same markup as Django's templates, from
the same widget context (so `attrs`, `aria-*`, `value` and the options are Django's own), and
leaves every other template to Django. Give it to a form as `default_renderer`: the one
instance, `FAST_WIDGETS` (a renderer builds its template engine once). It does not see a
project's overrides of those widget templates (Casus has none).
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

_INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "hidden", "text", "number", "email", "password", "url", "date")
)
_TEXTAREA = "django/forms/widgets/textarea.html"
_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs) -> str:
    """As django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing
    for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return "".join(parts)


def _input(widget) -> str:
    value = widget["value"]
    html = format_html('<input type="{}" name="{}"', widget["type"], widget["name"])
    if value is not None:
        html += format_html(' value="{}"', str(value))
    return html + _attrs(widget["attrs"]) + ">"


def _textarea(widget) -> str:
    value = widget["value"]
    return (
        format_html('<textarea name="{}"', widget["name"])
        + _attrs(widget["attrs"])
        + ">\n"
        + (conditional_escape(value) if value else "")
        + "</textarea>"
    )


def _option(option) -> str:
    return (
        format_html('<option value="{}"', str(option["value"]))
        + _attrs(option["attrs"])
        + format_html(">{}</option>", option["label"])
    )


class FastWidgetRenderer(DjangoTemplates):
    """Django's default renderer, with input, textarea and select (and its options) written
    in Python; any other template (a custom widget, a form layout) renders as usual."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is None:
            return super().render(template_name, context, request=request)
        if template_name in _INPUTS and widget.get("template_name") == template_name:
            return mark_safe(_input(widget))  # noqa: S308 (every value escaped above)
        if template_name == _TEXTAREA:
            return mark_safe(_textarea(widget))  # noqa: S308 (escaped above)
        if template_name == _SELECT and self._plain_options(widget):
            return mark_safe(self._select(widget))  # noqa: S308 (escaped above)
        return super().render(template_name, context, request=request)

    @staticmethod
    def _plain_options(widget) -> bool:
        return all(
            option["template_name"] == _OPTION
            for _group, options, _index in widget["optgroups"]
            for option in options
        )

    @staticmethod
    def _select(widget) -> str:
        html = format_html('<select name="{}"', widget["name"]) + _attrs(widget["attrs"]) + ">"
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html += format_html('\n  <optgroup label="{}">', group_name)
            for option in options:
                html += "\n  " + _option(option)
            if group_name:
                html += "\n  </optgroup>"
        return html + "\n</select>"


FAST_WIDGETS = FastWidgetRenderer()
