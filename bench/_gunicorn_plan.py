"""gunicorn configuration of the `casus_werk_plan` benchmark's server (bench/casus_werk_plan.py).

Each worker, once the application is loaded, wraps it so that every response carries two
headers: `X-Bench-Server-Ms` (the server's time from receiving the request to the response
being ready, so queueing in gunicorn's backlog and the network do not count) and
`X-Bench-Queries` (the SQL queries the request ran). The application code is not changed;
only this benchmark's server process is.
"""

import time

SERVER_MS = "X-Bench-Server-Ms"
QUERIES = "X-Bench-Queries"


def timed(app):
    """`app` (a WSGI application) with the two headers added to each response."""
    from django.db import connections

    def wrapped(environ, start_response):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

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
        status, headers, exc_info = seen[0]
        start_response(
            status,
            [*headers, (SERVER_MS, f"{elapsed:.2f}"), (QUERIES, str(queries))],
            exc_info,
        )
        return body

    return wrapped


def post_worker_init(worker):
    worker.wsgi = timed(worker.wsgi)
    worker.log.warning("bench: servertijd en aantal queries per antwoord in de headers")
