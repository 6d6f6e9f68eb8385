"""Fresh data without a restart (issue 12): a running app sees a replaced extraction (new
``date_extraction``, one notice), keeps the previous figures with a banner when the next one is
unusable (the Qualité page shows the new report), and serves the last snapshot with a banner when
the source disappears."""
from __future__ import annotations

import os
import sqlite3
import time

import pytest

from tests.helpers.apptest import app, rerun
from tests.helpers.config import TEST_CONFIG
from tests.pages import synthetic

DASH = "pages/synthese.py"


def _texts(at) -> str:
    parts = [c.value for c in at.caption] + [w.value for w in at.warning] + \
            [e.value for e in at.error] + [m.value for m in at.markdown] + \
            [t.value for t in at.toast]
    return "\n".join(str(p) for p in parts)


def _until(at, url, cond, timeout=90.0):
    """Rerun the same session until ``cond(texts)`` (the check runs in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        rerun(at, url)
        assert not at.exception, [e.value for e in at.exception]
        txt = _texts(at)
        if cond(txt):
            return txt
        if time.monotonic() > deadline:
            pytest.fail(f"état attendu jamais atteint ; textes de la page :\n{txt[:3000]}")
        time.sleep(0.5)


@pytest.fixture
def checking_every_run(tmp_path, monkeypatch):
    """A config whose source check is due at every run (verification_min = 0)."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(TEST_CONFIG.read_text(encoding="utf-8").replace(
        "verification_min = 5", "verification_min = 0"), encoding="utf-8")
    monkeypatch.setenv("DECLIK_CONFIG", str(cfg))
    monkeypatch.setenv("DECLIK_CACHE", str(tmp_path / "cache"))
    return cfg


@pytest.mark.slow
def test_replaced_then_invalid_then_unreachable_extraction_under_a_running_app(
        tmp_path, checking_every_run):
    db = tmp_path / "extraction.sqlite"
    url = synthetic.write(db, n_foyers=400)
    at = app(url, DASH)
    assert not at.exception and "Données au 01/11/2026" in _texts(at)

    # the Département drops next month's extraction: same session, no restart
    with sqlite3.connect(db) as c:
        c.execute("UPDATE extraction SET date_extraction = '2026-12-01'")
    txt = _until(at, url, lambda t: "Données au 01/12/2026" in t)
    assert "Données au 01/11/2026" not in txt
    assert "Nouvelles données au 01/12/2026" in txt  # the one-time notice
    txt = _until(at, url, lambda t: "Données au 01/12/2026" in t)
    assert "Nouvelles données" not in txt  # only once
    figures = [m.value for m in at.metric]
    assert figures

    # a new session opened now sees the new data at once
    other = app(url, DASH)
    assert "Données au 01/12/2026" in _texts(other)

    # an unusable extraction: the previous figures stay, with the banner
    with sqlite3.connect(db) as c:
        c.execute("UPDATE extraction SET date_extraction = '2027-01-01'")
        c.execute("DROP TABLE personne")
    txt = _until(at, url, lambda t: "nouvelle extraction reçue est inutilisable" in t)
    assert "Données au 01/12/2026" in txt and "2027" not in txt
    assert [m.value for m in at.metric] == figures
    q = app(url, "pages/qualite.py")
    assert not q.exception
    qtxt = "\n".join(str(x.value) for x in list(q.subheader) + list(q.error))
    assert "Nouvelle extraction reçue — inutilisable" in qtxt
    new_report = [df for df in (d.value for d in q.dataframe)
                  if "personne" in df.to_csv()]
    assert new_report, "le rapport de la nouvelle extraction nomme la table manquante"

    # the source disappears: last snapshot, banner with its date
    os.rename(db, tmp_path / "ailleurs.sqlite")
    txt = _until(at, url, lambda t: "source injoignable" in t)
    assert "Données du 01/12/2026, source injoignable" in txt
    assert [m.value for m in at.metric] == figures
