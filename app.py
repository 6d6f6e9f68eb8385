"""Déclik insertion — Streamlit entry point: the router only.

The pages are declared once in :mod:`ui.pages_list` and routed by :mod:`ui.router`. Before any
page, :func:`ui.access.gate` reads who is signed in (or stops on a French page: sign-in, « accès
non autorisé »); each page's frame (:mod:`ui.frame`) opens the extraction (cached) and draws the
global filters within the user's scope.

``streamlit run app.py`` imports this file first to find its ASGI entry point (``app``, an
``st.App`` of this same file): its lifespan warms the pages up at the server's start
(:mod:`ui.warmup`), and its middleware serves the index page with plotly's JS chunk announced
(:mod:`ui.index_page`). Streamlit then runs the file as each session's script (``__main__``)."""
import streamlit as st

if __name__ != "__main__":  # imported by `streamlit run`: the server, warmed up at its start
    from starlette.middleware import Middleware

    from ui import index_page, warmup

    # the index page announces plotly's JS chunk (ui/index_page.py): fetched and evaluated
    # while the server runs the page's script, not when the first chart arrives
    app = st.App(__file__, lifespan=warmup.lifespan,
                 middleware=[Middleware(index_page.PreloadMiddleware)])
else:  # a session's run
    from ui import warmup

    warmup.arrived()  # before the imports: the warm-up leaves the home page to this run
    # pandas whole before any chart: plotly looks for it in sys.modules without importing it
    # (``get_module(..., should_load=False)``), and a run drawing its first chart while another
    # thread (the warm-up, another session) is still importing pandas got the half-initialised
    # module — « AttributeError: partially initialized module 'pandas' has no attribute
    # 'Series' » on the Synthèse. An import statement waits for the import in progress.
    import pandas  # noqa: F401

    from settings import SettingsError
    from ui import access, cache, memory, router, theme
    from ui.pages_list import sections

    st.set_page_config(page_title="Déclik insertion", page_icon=":material/insights:",
                       layout="wide")

    theme.page_head()  # lang="fr" and the print stylesheet
    with warmup.running():  # the warm-up's next page waits for this run
        try:
            settings = cache.current_settings()
        except SettingsError:  # the page frame shows the French message (and no figure)
            settings = None
        role = access.gate(settings, router=True).role if settings is not None else None
        page = router.navigation(sections(role))
        try:
            with router.routing():
                page.run()
        finally:  # also after st.stop() / st.rerun(): the modules the run imported are frozen once
            memory.settle()
