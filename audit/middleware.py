"""Request id for every request, and the audit row for every denial the access policy raises."""

import re
import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import render

from . import events, record
from .models import Outcome

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class DenialAuditMiddleware:
    """Logs every PermissionDenied (and policy 404) after the view's transaction rolled back.

    The view's own work is undone; the denial row is written in a transaction of its own so
    that the attempt stays on record.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from partners.policy import Geweigerd

        if not isinstance(exception, PermissionDenied | Geweigerd):
            return None
        info = getattr(exception, "audit", None) or {}
        with transaction.atomic():
            record(
                event=events.TOEGANG_GEWEIGERD,
                outcome=Outcome.DENIED,
                request=request,
                target=info.get("target"),
                detail=info.get("actie") or f"{request.method} {request.path}"[:200],
            )
        status = 404 if getattr(exception, "not_found", False) else 403
        template = "404.html" if status == 404 else "403.html"
        return render(request, template, status=status)
