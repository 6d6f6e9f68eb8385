"""What the headless-Chromium tests share: the Chromium binary and its flags, and ``start_app``,
which runs ``streamlit run app.py`` on a free local port (on the demo, or on the extraction at a
given URL) and stops it at the end of the test module."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit s'est arrêté (code {proc.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError("streamlit ne répond pas")


@contextmanager
def streamlit_app(db_url: str | None) -> Iterator[str]:
    """The app served on a free port (``DECLIK_DB=db_url``, or the configured demo when None);
    yields its base URL and stops the server on exit."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DECLIK_DB", None)
    if db_url is not None:
        env["DECLIK_DB"] = db_url
        from settings import DEMO_DB
        from tests.fixtures.access import ouvert_config

        if db_url != f"sqlite:///{DEMO_DB}" and not env.get("DECLIK_CONFIG"):
            # a test extraction without sign-in shows no figure: open it, explicitly
            env["DECLIK_CONFIG"] = ouvert_config()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def start_app() -> Iterator[Callable[[str | None], str]]:
    """``start_app(db_url)`` → the base URL of a running app (skips without Chromium); every
    server started is stopped when the module's tests are over."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent (/usr/bin/chromium)")
    with ExitStack() as stack:
        yield lambda db_url=None: stack.enter_context(streamlit_app(db_url))
