"""Template filters for the review workspace: Dutch labels for a row's stored codes."""

from django import template

from .. import labels
from ..events import event_label

register = template.Library()

register.filter("gebeurtenis", event_label)
register.filter("rollen", labels.rol_labels)
register.filter("samenvatting", labels.summary)
register.filter("objecttype", labels.object_label)
