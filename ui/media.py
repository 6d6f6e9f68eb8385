"""Short-lived downloads.

Streamlit serves every file of a download button at ``/media/<id>`` to whoever asks, with no
session or cookie check; a file made on click (``data`` callable) is kept, outside any session,
until the media manager's clean-up has run twice, which happens only when scripts run — on an idle
server, hours later, after the session has closed. Every download of the dashboard is made on
click, and a sweeper thread (one per server process) runs that clean-up every
:data:`SWEEP_SECONDS`: a generated file is served for at most about twice that after the click
(the browser fetches it within a second). A reverse proxy must still protect ``/media/`` like
every other path (README, « Connexion et habilitations »)."""
from __future__ import annotations

import threading

import streamlit as st

SWEEP_SECONDS = 10.0


def _sweep(stop: threading.Event) -> None:
    from streamlit import runtime

    while not stop.wait(SWEEP_SECONDS):
        try:
            if runtime.exists():
                runtime.get_instance().media_file_mgr.remove_orphaned_files()
        except Exception:  # never let the sweeper die on a transient error
            continue


@st.cache_resource(show_spinner=False)
def _sweeper() -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=_sweep, args=(stop,), name="declik-media-sweeper", daemon=True).start()
    return stop


def expire_soon() -> None:
    """Make sure the sweeper runs (started once per server process)."""
    try:
        _sweeper()
    except Exception:  # outside a Streamlit server (tests of the helpers)
        pass
