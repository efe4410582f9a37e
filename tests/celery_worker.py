"""A real Celery worker for a test, leaving the app and the logging as it found them.

``celery.contrib.testing.worker.start_worker`` changes process-wide state that outlives it and made
later tests depend on the order they ran in:

- ``queues=[...]`` *selects* those queues on the app (``app.amqp.queues``), so a later worker that
  names no queue consumes only the old test queue;
- it configures logging for the worker (``app.log.setup(loglevel="error")``), which can leave the
  root logger at ERROR, so a later test's ``caplog`` sees no warning;
- the app's connection pools keep connections to the broker the worker used.

``isolated_worker`` takes the same arguments as ``start_worker`` and restores all three afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from celery.contrib.testing.worker import start_worker
from kombu import pools as kombu_pools


def _logging_state() -> dict:
    loggers = {"": logging.getLogger()}
    loggers |= {name: lg for name, lg in logging.root.manager.loggerDict.items() if isinstance(lg, logging.Logger)}
    return {name: (lg, lg.level, lg.propagate, lg.disabled, list(lg.handlers)) for name, lg in loggers.items()}


def _restore_logging(saved: dict) -> None:
    for name, lg in list(logging.root.manager.loggerDict.items()):
        if name not in saved and isinstance(lg, logging.Logger):
            lg.setLevel(logging.NOTSET)  # created by the worker: inherit again
    for lg, level, propagate, disabled, handlers in saved.values():
        lg.setLevel(level)
        lg.propagate = propagate
        lg.disabled = disabled
        lg.handlers[:] = handlers


def reset_connections(app) -> None:
    """Drop the app's broker connection pools (the next publish connects to ``app.conf``'s broker).

    kombu also keeps a process-wide registry of producer pools keyed by connection
    (``kombu.pools.producers``), whose pool for this broker holds the app's connection pool: it is
    reset too, or the next publish would take that producer pool and "Acquire on closed pool"."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    kombu_pools.reset()


@contextmanager
def isolated_worker(app, **kwargs) -> Iterator:
    """``start_worker(app, **kwargs)``, then the app's queue selection, logging and pools restored."""
    queues = app.amqp.queues
    consume_from = None if queues._consume_from is None else dict(queues._consume_from)
    default_consume_from = dict(queues._default_consume_from)
    names = set(queues)
    saved_logging = _logging_state()
    disabled = logging.root.manager.disable
    try:
        with start_worker(app, **kwargs) as worker:
            yield worker
    finally:
        queues._consume_from = consume_from
        queues._default_consume_from = default_consume_from
        for name in set(queues) - names:
            del queues[name]
        _restore_logging(saved_logging)
        logging.disable(disabled)
        reset_connections(app)
