"""gunicorn configuration of the `casus_werk_plan` benchmark's server (bench/casus_werk_plan.py).

Each worker, once the application is loaded, wraps it so that every response carries two
headers: `X-Bench-Server-Ms` (the server's time from receiving the request to the response
being ready, so queueing in gunicorn's backlog and the network do not count),
`X-Bench-Queries` (the SQL queries the request ran, a retried audit append not included) and
`X-Bench-Audit-Retries` (those retries). With BENCH_PLAN_SQL_LOG set to a file,
every worker appends each request's path and its queries (time in ms and the start of the SQL)
to it, to see where a slow page spends its time. The application code is not changed; only
this benchmark's server process is.
"""

import os
import time

SERVER_MS = "X-Bench-Server-Ms"
QUERIES = "X-Bench-Queries"
RETRIES = "X-Bench-Audit-Retries"
# A retried audit append: the one-trip append found the house's chain head moved by the other
# worker and goes again, on the head it was told (audit/recorder.py `_append_and_commit`).
# Such a statement is the audit chain's contention, not the page's work: counted apart.
RETRY_PREFIX = "ROLLBACK TO SAVEPOINT casus_audit_append"


def timed(app, sql_log=None):
    """`app` (a WSGI application) with the three headers added to each response; with
    `sql_log` (a path) each request's queries are appended to that file."""
    from django.db import connections

    def wrapped(environ, start_response):
        queries = retries = 0
        log = []

        def count(execute, sql, params, many, context):
            nonlocal queries, retries
            if sql.startswith(RETRY_PREFIX):
                retries += 1
            else:
                queries += 1
            if sql_log is None:
                return execute(sql, params, many, context)
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                log.append(f"  {(time.perf_counter() - began) * 1000:7.2f}  {sql[:200]}")

        seen = []

        def capture(status, headers, exc_info=None):
            # Django calls start_response once, before it returns the body; the real one is
            # called below, when the time and the count are known.
            seen[:] = [(status, headers, exc_info)]

            def write(_data):
                raise RuntimeError("de benchmarkserver ondersteunt write() niet")

            return write

        began = time.perf_counter()
        with connections["default"].execute_wrapper(count):
            body = app(environ, capture)
        elapsed = (time.perf_counter() - began) * 1000
        if sql_log is not None:
            path = environ.get("PATH_INFO", "") + "?" + environ.get("QUERY_STRING", "")
            with open(sql_log, "a") as handle:
                handle.write(f"{path}\t{queries} queries\t{elapsed:.1f} ms\n")
                handle.write("".join(line + "\n" for line in log))
        status, headers, exc_info = seen[0]
        start_response(
            status,
            [
                *headers,
                (SERVER_MS, f"{elapsed:.2f}"),
                (QUERIES, str(queries)),
                (RETRIES, str(retries)),
            ],
            exc_info,
        )
        return body

    return wrapped


def post_worker_init(worker):
    worker.wsgi = timed(worker.wsgi, os.environ.get("BENCH_PLAN_SQL_LOG") or None)
    worker.log.warning("bench: servertijd en aantal queries per antwoord in de headers")
