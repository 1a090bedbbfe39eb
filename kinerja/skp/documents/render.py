"""HTML → PDF with a time bound: WeasyPrint runs in a child process that is killed when it overruns.

A pathological document (a 100,000-character name laid out in a narrow cell) kept WeasyPrint at
100 % CPU for minutes inside the web worker. Input lengths are bounded now (``core/text.py``), and
every render also runs in a child process forked from a *forkserver* that has WeasyPrint (Pango,
fonts) loaded once: a render costs a fork, not an import, and a render that overruns
``KINERJA["PDF_TIMEOUT"]`` seconds is killed and reported as :class:`RenderTimeout` (503 on the web
and the API). The forkserver is a clean single-threaded process, so forking from it is safe even
when the web server runs threads.

This module imports no Django at import time: the child only renders.
"""

from __future__ import annotations

import multiprocessing
import threading

_CONTEXT = None
_LOCK = threading.Lock()


class RenderTimeout(Exception):
    """The PDF took longer than its time bound and was abandoned."""


class RenderFailed(Exception):
    """WeasyPrint failed in the child process."""


def _render_child(conn, html: str, base_url: str) -> None:
    try:
        from weasyprint import HTML

        conn.send(("ok", HTML(string=html, base_url=base_url).write_pdf()))
    except BaseException as exc:  # noqa: BLE001 - anything the child hits is reported to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _context():
    global _CONTEXT
    with _LOCK:
        if _CONTEXT is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["weasyprint", __name__])
            _CONTEXT = context
    return _CONTEXT


def render_pdf(html: str, base_url: str, *, timeout: float) -> bytes:
    """``HTML(string=html, base_url=base_url).write_pdf()`` in a child process, at most ``timeout`` s."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_render_child, args=(sender, html, base_url), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise RenderTimeout(f"The PDF was not ready within {timeout:g} s.")
        try:
            status, payload = receiver.recv()
        except EOFError as exc:  # the child died without answering (killed, out of memory)
            raise RenderFailed(f"The PDF renderer stopped (exit code {child.exitcode}).") from exc
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if status != "ok":
        raise RenderFailed(payload)
    return payload
