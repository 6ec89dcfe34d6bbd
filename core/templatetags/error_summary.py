"""The items of the error summary: every error of a form or formset, each with its field's id."""

from django import template

register = template.Library()


def field_target_id(bound_field):
    """The id of the input an error link moves to; the first option of a choice group."""
    if bound_field.is_hidden or not bound_field.auto_id:
        return ""
    if bound_field.id_for_label:
        return bound_field.id_for_label
    subwidgets = bound_field.subwidgets
    if subwidgets and subwidgets[0].id_for_label:
        return subwidgets[0].id_for_label
    return bound_field.auto_id


def _form_items(form):
    items = [(str(error), "") for error in form.non_field_errors()]
    for bound_field in form:
        target = field_target_id(bound_field)
        items.extend((str(error), target) for error in bound_field.errors)
    return items


@register.simple_tag
def error_summary_items(*forms_or_formsets):
    """(message, target id or "") per error, non-field errors first, then in field order."""
    items: list[tuple[str, str]] = []
    for obj in forms_or_formsets:
        if not obj or not getattr(obj, "is_bound", False):
            continue
        if hasattr(obj, "non_form_errors"):
            items.extend((str(error), "") for error in obj.non_form_errors())
            for form in obj.forms:
                items.extend(_form_items(form))
        else:
            items.extend(_form_items(obj))
    return items
