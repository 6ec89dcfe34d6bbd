"""A server-generated request id and an anonymous actor for every request, and the audit row
for every denial the access policy raises."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import render

from core.actor import Actor, new_request_id

from . import log


class RequestContextMiddleware:
    """Our own request id (a client's X-Request-ID is never taken over) and `request.actor`,
    which the tenant middleware replaces once the user and house are known."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = new_request_id()
        request.actor = Actor.anoniem(
            request_id=request.request_id, ip=request.META.get("REMOTE_ADDR")
        )
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
        if not isinstance(exception, PermissionDenied):
            return None
        info = getattr(exception, "audit", None) or {}
        with transaction.atomic():
            log.denial(
                actor=request.actor,
                actie=info.get("actie") or f"{request.method} {request.path}"[:200],
                target=info.get("target"),
            )
        status = 404 if getattr(exception, "not_found", False) else 403
        template = "404.html" if status == 404 else "403.html"
        return render(request, template, status=status)
