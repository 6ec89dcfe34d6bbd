"""One transaction per view, with the audit chain locked only for its last few milliseconds.

Without this, the first audit row of a request takes its house's chain lock and keeps it until
the view's transaction commits, template rendering included, so every audited request of a
house waits for the previous one to finish rendering. Here every view runs in a transaction of
its own (instead of ATOMIC_REQUESTS) while its audit events are collected; when the view has
returned its rendered response, the events are appended to their chains as the last step
before commit. Both promises hold:

* no change is committed without its audit rows: they are inserted in the same transaction,
  and a failure to insert them rolls the change back;
* no personal data leaves the server without its audit row: the response is returned (and
  sent) only after that transaction committed; if the audit write fails, the user gets an
  error page, never the data.

The chain lock is held from one call (lock, head check and INSERT, `casus_audit_append`) to
the commit; the session's last-seen time commits in the same transaction, so that an audited
read costs one extra round trip and no extra durable commit.
Each request logs how long (logger "audit.chainlock", DEBUG, milliseconds).
"""

import logging
from functools import wraps

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.db import transaction

from .recorder import deferred, flush, lock_taken_since

# DEBUG records how long each request held a chain lock (taken in flush, released at commit);
# the load benchmark reads them.
lock_log = logging.getLogger("audit.chainlock")


def audited_view(view):
    """Wrap a view: its own transaction, its audit rows appended just before commit."""
    if getattr(view, "_audited_view", False):
        return view

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        lock_taken_since()  # nothing left over from an earlier request on this thread
        with deferred() as pending, transaction.atomic():
            response = view(request, *args, **kwargs)
            render = getattr(response, "render", None)
            if callable(render) and not getattr(response, "is_rendered", True):
                response = render()  # a TemplateResponse: render before the lock is taken
            _save_session(request)
            flush(pending)
        held = lock_taken_since()
        if held is not None:
            lock_log.debug("%.3f", held * 1000)
        return response

    setattr(wrapped, "_audited_view", True)  # noqa: B010  (a marker on a function)
    return wrapped


def _save_session(request):
    """Write the session's change of this request (its last-seen time, set by middleware on
    every request) in the view's transaction, so that a request commits once: its audit rows
    and its session together, one durable flush instead of two. A session that is new, empty
    or gone, or whose key changed (login, second factor), is left to SessionMiddleware, which
    creates, deletes or refuses it and sets the cookie as usual."""
    session = getattr(request, "session", None)
    if (
        not isinstance(session, DbSessionStore)
        or not session.modified
        or session.session_key is None
        or session.session_key != request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        or session.is_empty()
    ):
        return
    stored = session.create_model_instance(dict(session.items()))
    updated = session.model.objects.filter(session_key=stored.session_key).update(
        session_data=stored.session_data, expire_date=stored.expire_date
    )
    if updated:
        session.modified = False


def audit_urlpatterns(patterns):
    """Wrap the view of every URL pattern (recursively through includes) in `audited_view`."""
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        if isinstance(entry, URLResolver):
            audit_urlpatterns(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            entry.callback = audited_view(entry.callback)
    return patterns
