"""The index page announces plotly's JS chunk (ui/index_page.py, issue 12 « first chart < 3 s »):
the chunk list read from a static folder built here (transitive static imports, the page's own
preloads left out, a dynamic import not followed, no guess when the chunk is missing or
ambiguous); the ASGI middleware on a tiny Starlette app (only Streamlit's HTML page rewritten,
its length right, every other answer byte for byte); then the real app in headless Chromium:
the links in the page served at ``/`` and at a page's path, plotly's chunk requested before the
first plotly element reached the browser and only once, the Synthèse's charts drawn, no error."""
from __future__ import annotations

import gzip
import re
import urllib.request

import pytest

from ui import index_page

HTML = (b'<!DOCTYPE html><html><head><script type="module" crossorigin '
        b'src="./static/js/index.AAA.js"></script>\n<link rel="modulepreload" crossorigin '
        b'href="./static/js/react.BBB.js">\n</head><body><div id="root"></div></body></html>')


def static(tmp_path, chunks: dict[str, str], html: bytes = HTML):
    js = tmp_path / "static" / "js"
    js.mkdir(parents=True)
    (tmp_path / "index.html").write_bytes(html)
    for name, text in chunks.items():
        (js / name).write_text(text)
    index_page.preloads.cache_clear()
    return tmp_path


def test_chunk_and_its_static_imports_not_already_in_the_page(tmp_path):
    folder = static(tmp_path, {
        "index.AAA.js": "", "react.BBB.js": "",
        "PlotlyChart.X1.js": 'import{a as b}from"./react.BBB.js";import{c}from"./wrap.C.js";'
                             'import"./side.D.js";const l=()=>import("./lazy.E.js");',
        "wrap.C.js": 'import{d}from"./index.AAA.js";import{e}from"./deep.F.js";',
        "side.D.js": "", "deep.F.js": 'import{x}from"./wrap.C.js";',  # a cycle: once each
        "lazy.E.js": "", "other.G.js": ""})
    assert index_page.preloads(folder) == ("PlotlyChart.X1.js", "wrap.C.js", "side.D.js",
                                           "deep.F.js")


@pytest.mark.parametrize("chunks", [{"index.AAA.js": ""},
                                    {"PlotlyChart.A.js": "", "PlotlyChart.B.js": ""}],
                         ids=["absent", "ambigu"])
def test_no_chunk_or_two_candidates_nothing_announced(tmp_path, chunks):
    assert index_page.preloads(static(tmp_path, chunks)) == ()


def test_an_imported_file_that_does_not_exist_is_not_announced(tmp_path):
    folder = static(tmp_path, {"PlotlyChart.X.js": 'import{a}from"./gone.Z.js";'})
    assert index_page.preloads(folder) == ("PlotlyChart.X.js",)


def test_inject_before_head_end_once_and_nothing_without_head():
    out = index_page.inject(HTML, ("PlotlyChart.X.js", "wrap.C.js"))
    head = out.split(b"</head>")[0]
    assert head.count(b'rel="modulepreload" crossorigin href="./static/js/PlotlyChart.X.js"') == 1
    assert b'href="./static/js/wrap.C.js"' in head
    assert b'import("./static/js/PlotlyChart.X.js")' in head
    assert out.count(b"</head>") == 1 and out.endswith(HTML.split(b"</head>")[1])
    assert index_page.inject(b"<html><body></body></html>", ("P.js",)) == \
        b"<html><body></body></html>"
    assert index_page.inject(HTML, ()) == HTML


def small_app():
    """Starlette with the middleware: ``/`` and ``/territoires`` answer the index page (the
    static files' fallback), ``/static/x.js`` a script, ``/_stcore/host-config`` JSON (gzipped
    when asked), ``/deja`` a 304."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.gzip import GZipMiddleware
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    def page(request):  # as Streamlit's static files: a 304 when the browser has this ETag
        if request.headers.get("if-none-match") == '"abc"' or \
                request.headers.get("if-modified-since"):
            return Response(status_code=304, headers={"etag": '"abc"'})
        return HTMLResponse(HTML, headers={"etag": '"abc"'})

    routes = [Route("/", page), Route("/territoires", page),
              Route("/static/x.js", lambda r: Response(b"let a=1", media_type="text/javascript")),
              Route("/static/page.html", page),
              Route("/_stcore/host-config", lambda r: JSONResponse({"k": "v" * 600})),
              Route("/deja", lambda r: Response(status_code=304))]
    return Starlette(routes=routes, middleware=[
        Middleware(index_page.PreloadMiddleware, names=("PlotlyChart.X.js",)),
        Middleware(GZipMiddleware, minimum_size=10)])


def test_middleware_rewrites_only_the_index_page():
    from starlette.testclient import TestClient

    client = TestClient(small_app())
    for path in ("/", "/territoires"):
        r = client.get(path, headers={"accept-encoding": "gzip"})
        assert r.status_code == 200 and "content-encoding" not in r.headers
        assert r.content == index_page.inject(HTML, ("PlotlyChart.X.js",)) != HTML
        assert int(r.headers["content-length"]) == len(r.content)
        assert re.fullmatch(r'"abc-p[0-9a-f]{8}"', r.headers["etag"])
    assert client.get("/static/x.js").content == b"let a=1"
    assert client.get("/static/page.html").content == HTML  # a file, not the index page
    r = client.get("/_stcore/host-config", headers={"accept-encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip" and r.json() == {"k": "v" * 600}
    assert client.get("/deja").status_code == 304
    assert client.head("/").status_code == 200  # HEAD passes through untouched


def test_a_cached_copy_is_kept_only_when_it_is_the_rewritten_page():
    """The ETag names the rewritten page: the browser's rewritten copy gets a 304 (with that
    ETag); Streamlit's own page cached before (the file's bare ETag, or a date only) and a copy
    with other links are answered in full, rewritten."""
    from starlette.testclient import TestClient

    client = TestClient(small_app())
    mine = client.get("/").headers["etag"]
    r = client.get("/", headers={"if-none-match": mine, "if-modified-since": "x"})
    assert r.status_code == 304 and r.headers["etag"] == mine and not r.content
    r = client.get("/territoires", headers={"if-none-match": f'W/"zzz", {mine}'})
    assert r.status_code == 304
    rewritten = index_page.inject(HTML, ("PlotlyChart.X.js",))
    for old in ({"if-none-match": '"abc"'}, {"if-modified-since": "Mon, 07 Dec 2026 10:00:00 GMT"},
                {"if-none-match": '"abc-p00000000"'}):
        r = client.get("/", headers=old)
        assert r.status_code == 200 and r.content == rewritten, old
        assert r.headers["etag"] == mine


def test_streamlit_s_own_static_folder_has_the_plotly_chunk():
    """The installed Streamlit's front end: the chunk is there, once, and its imports too (a
    release that renamed it would silently lose the preload: this test says so)."""
    index_page.preloads.cache_clear()
    names = index_page.preloads()
    assert names and re.fullmatch(r"PlotlyChart\.[\w-]+\.js", names[0])
    js = index_page.static_dir() / "static" / "js"
    assert all((js / n).is_file() for n in names)


# --- the real app in headless Chromium ---------------------------------------------------------

@pytest.mark.browser
@pytest.mark.slow
def test_served_page_announces_plotly_and_the_synthese_draws(browser_page, server):
    names = index_page.preloads()
    for path in ("/", "/territoires"):
        with urllib.request.urlopen(urllib.request.Request(
                server + path, headers={"Accept-Encoding": "gzip"}), timeout=30) as r:
            body = r.read()
            if r.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
        head = body.split(b"</head>")[0]
        for n in names:
            assert f'rel="modulepreload" crossorigin href="./static/js/{n}"'.encode() in head, path

    from bench.load import Timeline  # the bench's timeline: websocket frames, plotly's chunk

    requests: list[str] = []
    errors: list[str] = []
    page = browser_page
    page.on("request", lambda r: "PlotlyChart" in r.url and requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    tl = Timeline(None, None)
    tl.watch(page)
    page.goto(f"{server}/", wait_until="domcontentloaded")
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 9",
        timeout=240_000, polling=500)
    assert len(requests) == 1, requests  # preloaded, then used: one fetch
    at = {k: t for k, (t, _) in tl.events.items()}
    assert at["JS plotly : requête"] < at["premier graphique plotly reçu"], at
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not errors, errors
    # a key card's trend line still hovers « month : value as the card writes it »
    spark = page.locator(".js-plotly-plot").first
    text = ""
    for _ in range(6):  # a chart redrawn under the pointer (a resize) loses its hover: again
        box = spark.bounding_box()
        page.mouse.move(0, 0)
        page.mouse.move(box["x"] + box["width"] - 3, box["y"] + box["height"] / 2, steps=3)
        try:
            page.wait_for_selector(".hoverlayer .hovertext", timeout=5_000)
        except Exception:  # noqa: BLE001 - not yet drawn: move again
            continue
        text = page.locator(".hoverlayer .hovertext").first.text_content() or ""
        break
    assert re.fullmatch(r"\S+\.? \d{4} : .+", text.strip()), text
