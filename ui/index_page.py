"""The page the browser loads first (Streamlit's ``index.html``), served with plotly's JS chunk
announced in advance: ``<link rel="modulepreload">`` of Streamlit's ``PlotlyChart`` chunk and of
the chunks it imports that the page does not load already.

Why: Streamlit's front end fetches its plotly chunk (4,7 Mo) only when the first plotly element
of a run arrives (a lazy import). On the Synthèse that is the first key card: the browser then
fetched, parsed and compiled plotly while the server was busy computing the rest of the page
(measured: the chunk received ~0,9 s after the element, the chart drawn 1,5 s later). Announced in
the index page, the chunk is fetched and compiled while the server imports and opens the
snapshot, and is in the browser's module map when the element arrives.

The chunk's file name changes with each Streamlit release (a content hash): it is looked up in
Streamlit's static folder at the server's start (:func:`preloads`), never written here. When it
is not found (another front end, a renamed chunk) the page is served unchanged.

:class:`PreloadMiddleware` is an ASGI middleware of ``app.py``'s ``st.App`` (``middleware=``):
it rewrites only a ``text/html`` answer that is Streamlit's index page (a ``GET`` of ``/`` or of a
page's path: the static files' fallback), adding the links before ``</head>``; every other
request and answer passes untouched (websocket, health, static files, media, sign-in routes).
The rewritten page's ETag carries a suffix naming its links (:class:`PreloadMiddleware`): a
browser that cached Streamlit's own page gets the rewritten one, not a « 304 ».
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

CHUNK = "PlotlyChart"  # Streamlit's front-end chunk of st.plotly_chart (static/js/PlotlyChart.<hash>.js)
MARK = b"</head>"
# the static imports of an ES module chunk: ``import{a as b}from"./x.js"`` and ``import"./x.js"``
# (a dynamic ``import("./x.js")`` is not loaded with the chunk: not followed)
_STATIC_IMPORT = re.compile(rb'(?:\bfrom|\bimport)\s*"\./([\w.\-]+\.js)"')
_PRELOADED = re.compile(rb'(?:src|href)="\./static/js/([\w.\-]+\.js)"')
# paths never answered with the index page (Streamlit's own routes): not rewritten
_NOT_PAGES = ("/_stcore/", "/static/", "/media/", "/component/", "/auth/", "/oauth2callback")


def static_dir() -> Path:
    from streamlit import file_util

    return Path(file_util.get_static_dir())


@functools.lru_cache(maxsize=4)
def preloads(folder: Path | None = None) -> tuple[str, ...]:
    """The chunks to announce (``static/js/<name>``): Streamlit's plotly chunk, then the chunks
    it imports (transitively) that ``index.html`` does not load or preload already. Empty when
    the chunk is not found, or when there is more than one candidate (no guess)."""
    folder = static_dir() if folder is None else folder
    js = folder / "static" / "js"
    found = sorted(js.glob(f"{CHUNK}.*.js"))
    index = folder / "index.html"
    if len(found) != 1 or not index.is_file():
        return ()
    have = set(m.decode() for m in _PRELOADED.findall(index.read_bytes()))
    out: list[str] = []
    todo = [found[0].name]
    while todo:
        name = todo.pop(0)
        if name in have or name in out or not (js / name).is_file():
            continue
        out.append(name)
        todo.extend(m.decode() for m in _STATIC_IMPORT.findall((js / name).read_bytes()))
    return tuple(out)


def links(names: tuple[str, ...]) -> bytes:
    """The ``<link>`` tags, written like Streamlit's own (relative, ``crossorigin``: the module
    scripts of the page are fetched in CORS mode, a preload must match to be used), and a
    module script that evaluates the plotly chunk once the page has loaded (its ``load``
    event: the front end started, its websocket opening, the server still running the page's
    script) — a preload only fetches and compiles; the chunk's evaluation (plotly.js, 4,7 Mo)
    was paid when the first chart arrived. The same module as the front end's own lazy import
    (one module map): evaluated once. A failure is ignored: the front end imports it again."""
    tags = [f'<link rel="modulepreload" crossorigin href="./static/js/{n}">\n' for n in names]
    tags.append('<script type="module">addEventListener("load",()=>'
                f'import("./static/js/{names[0]}").catch(()=>{{}}))</script>\n')
    return "".join(tags).encode()


def inject(html: bytes, names: tuple[str, ...]) -> bytes:
    """``html`` with the links before ``</head>`` (unchanged when there is none)."""
    if not names or MARK not in html:
        return html
    head, _, tail = html.partition(MARK)
    return head + links(names) + MARK + tail


def _is_page_request(scope, base: str) -> bool:
    if scope["type"] != "http" or scope.get("method") != "GET":
        return False
    path = scope.get("path", "")
    if base and path.startswith(base):
        path = path[len(base):] or "/"
    last = path.rsplit("/", 1)[-1]
    return "." not in last and not path.startswith(_NOT_PAGES)


def tagged(etag: bytes, suffix: bytes) -> bytes:
    """The file's ETag (``"abc"`` or ``W/"abc"``) with ``suffix`` inside its quotes."""
    return etag[:-1] + suffix + b'"' if etag.endswith(b'"') else etag + suffix


def revalidation(headers: list, suffix: bytes) -> list:
    """The request's headers for the static files: no compression asked (the index page is
    7 kB, rewritten here; Streamlit does not compress ``/`` either), and the browser's cached
    copy checked against the file only when it is a rewritten one (its ETag carries ``suffix``):
    a copy cached before (Streamlit's own page, or another list of links) is answered in full
    (``If-None-Match`` and ``If-Modified-Since`` dropped), never with « 304 not modified »."""
    out, tags = [], None
    for k, v in headers:
        low = k.lower()
        if low == b"if-none-match":
            tags = v
        elif low not in (b"accept-encoding", b"if-modified-since"):
            out.append((k, v))
    mine = [t.strip() for t in (tags or b"").split(b",") if t.strip().endswith(suffix + b'"')]
    if mine:  # the file's own ETags, for the static files' comparison
        out.append((b"if-none-match", b", ".join(t[:-len(suffix) - 1] + b'"' for t in mine)))
    return out


class PreloadMiddleware:
    """ASGI middleware: Streamlit's index page served with :func:`preloads` announced. Its
    ETag is the file's with a suffix naming the links (``-p`` and 8 hex digits), so that a
    browser's cached copy is revalidated as the page it really is: Streamlit's own page cached
    before this middleware existed (the same file, the same ETag) is replaced by the rewritten
    one, not kept by a « 304 »."""

    def __init__(self, app, names: tuple[str, ...] | None = None) -> None:
        import hashlib

        self.app = app
        self.names = preloads() if names is None else names
        self.suffix = b"-p" + hashlib.sha256(links(self.names)).hexdigest()[:8].encode()

    async def __call__(self, scope, receive, send) -> None:
        from streamlit import config

        base = "/" + (config.get_option("server.baseUrlPath") or "").strip("/")
        if not self.names or not _is_page_request(scope, base.rstrip("/")):
            await self.app(scope, receive, send)
            return
        scope = dict(scope, headers=revalidation(scope.get("headers", []), self.suffix))
        start: dict = {}
        body: list[bytes] = []

        def retag(headers) -> list:
            return [(k, tagged(v, self.suffix) if k.lower() == b"etag" else v)
                    for k, v in headers if k.lower() != b"content-length"]

        async def wrapped(message) -> None:
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                if html and b"content-encoding" not in headers and message.get("status") == 200:
                    start.update(message)  # held until the whole body is there
                    return
                if message.get("status") == 304:  # the browser's rewritten copy is still right
                    message = dict(message, headers=retag(message.get("headers", [])))
                await send(message)
            elif message["type"] == "http.response.body" and start:
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                new = inject(b"".join(body), self.names)
                headers = retag(start.get("headers", []))
                headers.append((b"content-length", str(len(new)).encode()))
                await send(dict(start, headers=headers))
                await send({"type": "http.response.body", "body": new, "more_body": False})
            else:
                await send(message)

        await self.app(scope, receive, wrapped)
