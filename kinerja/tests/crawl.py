"""A same-origin crawler over the Django test client: every page a user can reach, every action shown.

Breadth first from the home page; follows ``<a href>``, ``hx-get`` and GET forms; for a POST form or an
``hx-post``/``hx-delete`` button it checks that the target answers a GET (a page or 405), never 403/404/500.
Bounded by a total and by a number of URLs per *shape* (the path with its numbers replaced by ``N``), so
a directory of a thousand employees costs what five of them cost.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

BAD = {403, 404, 500}
SKIP_PREFIXES = ("/accounts/logout", "/i18n/", "/static/", "/media/", "/admin/logout")
LINK_ATTRS = {("a", "href"), ("link", "href")}
HTMX_GET = ("hx-get",)
HTMX_WRITE = ("hx-post", "hx-put", "hx-patch", "hx-delete")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.gets: list[str] = []
        self.writes: list[str] = []
        self._form: tuple[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.gets.append(a["href"])
        for name in HTMX_GET:
            if a.get(name):
                self.gets.append(a[name])
        for name in HTMX_WRITE:
            if a.get(name):
                self.writes.append(a[name])
        if tag == "form":
            method = (a.get("method") or "get").lower()
            action = a.get("action") or ""
            if action:  # an empty action posts back to the page itself, which answered already
                (self.gets if method == "get" else self.writes).append(action)
        if tag in {"button", "input"} and a.get("formaction"):
            self.writes.append(a["formaction"])


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


@dataclass
class CrawlResult:
    visited: dict[str, int] = field(default_factory=dict)  # url → status
    failures: list[tuple[str, int, str]] = field(default_factory=list)  # (url, status, found on)

    def describe(self) -> str:
        return "\n".join(f"{status} {url}  (linked from {source})" for url, status, source in self.failures)


def _same_origin(base: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")) or "{{" in href:
        return None
    url = urldefrag(urljoin(base, href))[0]
    parts = urlsplit(url)
    if parts.scheme not in {"", "http"} or parts.netloc not in {"", "testserver"}:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if path.startswith(SKIP_PREFIXES):
        return None
    return path


def crawl(client, start: str = "/", *, max_pages: int = 400, per_shape: int = 4,
          skip: tuple[str, ...] = ()) -> CrawlResult:
    result = CrawlResult()
    queue: deque[tuple[str, str, bool]] = deque([(start, "(start)", False)])
    seen: set[str] = {start}
    shapes: Counter[str] = Counter()
    while queue and len(result.visited) < max_pages:
        url, source, write_target = queue.popleft()
        response = client.get(url)
        status = response.status_code
        result.visited[url] = status
        if status in BAD:
            result.failures.append((url, status, source))
            continue
        if write_target or status != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode(response.charset or "utf-8", "replace"))
        for href, is_write in [(h, False) for h in parser.gets] + [(h, True) for h in parser.writes]:
            target = _same_origin(url, href)
            if target is None or target in seen or target.startswith(skip):
                continue
            key = ("w:" if is_write else "") + shape(target.split("?")[0]) + ("?" if "?" in target else "")
            if shapes[key] >= per_shape:
                continue
            shapes[key] += 1
            seen.add(target)
            queue.append((target, url, is_write))
    return result
