"""An MDO invitation as an iCalendar event (RFC 5545), written by hand, with no personal data:
the tafel's name, the time, the tafel's own location and a link to the MDO page. Never a
casus number, a person, the session's free text or the minutes."""

import datetime

from django.utils.translation import gettext as _

PRODID = "-//Casus//Casusoverleg//NL"
MAX_LINE_OCTETS = 75


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets, continuation lines starting with a space (3.1)."""
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = MAX_LINE_OCTETS if not parts else MAX_LINE_OCTETS - 1
        if len(current) + len(encoded) > limit:
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def uitnodiging_ics(*, uitnodiging, link: str, nu: datetime.datetime) -> str:
    overleg = uitnodiging.casusoverleg
    tafel = overleg.sessie.tafel
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:uitnodiging-{uitnodiging.pk}-{overleg.pk}@casus",
        f"DTSTAMP:{utc(nu)}",
        f"DTSTART:{utc(overleg.begint_op)}",
        f"DTEND:{utc(overleg.eindigt_op)}",
        f"SUMMARY:{escape(_('Casusoverleg %(tafel)s') % {'tafel': tafel.naam})}",
    ]
    if tafel.locatie:
        lines.append(f"LOCATION:{escape(tafel.locatie)}")
    lines += [
        f"DESCRIPTION:{escape(_('Details in Casus (na inloggen): %(link)s') % {'link': link})}",
        f"URL:{link}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
