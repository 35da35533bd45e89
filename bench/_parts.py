"""CPU time of the parts of a request, for bench/hot_paths.py --parts: thread CPU around named functions.

Timers wrap functions in place (this process only); nested parts are counted in each (e.g. the explaining
inside the ranking). Figures are per request, so parts a request does not call show as absent.
"""
from __future__ import annotations

import functools
import time
from collections import defaultdict

import flask

from matching.index import MatchIndex
from server import matching_inputs
from server.accounts import service as accounts_service
from server.matches import service as matches_service
from server.matches import views as matches_views

PARTS = [  # (owner, attribute, label)
    (accounts_service, "authenticate", "authentication query (token)"),
    (matches_views, "current_attendee", "authentication query (token, standing, event; PostgreSQL: exclusions)"),
    (matches_service, "_excluded", "exclusions (SQLite: their query)"),
    (MatchIndex, "suggest", "ranking in matching/ (MatchIndex.suggest)"),
    (MatchIndex, "_finish", "  of which explaining the results"),
    (matching_inputs, "reasons", "reasons to JSON data"),
    (matches_service.orjson, "dumps", "orjson.dumps of the answer"),
    (flask.Flask, "preprocess_request", "before-request hooks"),
    (flask.Flask, "process_response", "after-request hooks (request log, metrics, ETag, headers)"),
    (flask.Flask, "do_teardown_appcontext", "session teardown"),
]
spent: dict[str, float] = defaultdict(float)


def install() -> None:
    """Wrap every part's function with a CPU timer."""
    for owner, name, label in PARTS:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args, _original=original, _label=label, **kwargs):
            started = time.thread_time()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_label] += time.thread_time() - started

        setattr(owner, name, timed)


def report(requests: int, whole_cpu: float) -> None:
    """Print CPU per request of the whole request and of each part that ran."""
    print(f"  {1000 * whole_cpu / requests:6.3f} ms  whole request (this thread's CPU)")
    for _owner, _name, label in PARTS:
        if spent.get(label):
            print(f"  {1000 * spent[label] / requests:6.3f} ms  {label}")
