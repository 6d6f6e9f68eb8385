"""A card hidden by the secret statistique keeps its figure hidden on its own trend line and in
its pack's series: with the perturbation on (the default) a unit keeps its trend line, whose
point on the card's own window — the last day, for a stock; the same month, for a flow over one
month — is the card's very figure (the same cell, the same noise). Seen in Chromium on the
demo: commune Chaon's « Foyers bénéficiaires » card read « secret statistique » while its trend
line's December point said 5.

Swept on the combined attack's extraction (:mod:`tests.secret.combined`): every canton and MDCS,
every key count, a year, a quarter and a month."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from indicators import views
from indicators.calendrier import add_months, from_dates, month_end, month_starts
from indicators.registry import REGISTRY
from reports.content import assemble, build_pack
from tests.indicators import builders as B
from tests.secret import adversary as A
from tests.secret import combined as C

COUNTS = ("foyers_beneficiaires", "personnes_sdd", "entrees", "sorties")
WINDOWS = {"annee": (date(2025, 1, 1), date(2025, 12, 31)),
           "trimestre": (date(2025, 4, 1), date(2025, 6, 30)),
           "mois": (date(2025, 8, 1), date(2025, 8, 31))}
SETTINGS = dataclasses.replace(B.SETTINGS, perturbation=True)


@pytest.fixture(scope="module")
def ext():
    return B.extraction(A.DAY, **C.rows())


def _own(ind_id: str, start: date, end: date, debut: date, fin: date) -> bool:
    """The point's window is the card's: the same last day for a stock, the same window else."""
    return end == fin and (REGISTRY[ind_id].is_stock or start == debut)


def _units(ext, niveau: str, debut, fin) -> list[str]:
    t = views.territory_comparison(A.ctx(ext, debut=debut, fin=fin, settings=SETTINGS),
                                   list(COUNTS), niveau)
    return t.export["Code"].to_list()[:-1]


@pytest.mark.parametrize("kind", list(WINDOWS))
@pytest.mark.parametrize("niveau", ["canton", "mdcs"])
def test_a_hidden_cards_own_point_is_hidden_on_its_trend_line(ext, niveau, kind):
    debut, fin = WINDOWS[kind]
    met = 0
    for code in _units(ext, niveau, debut, fin):
        for c in views.cards(A.ctx(ext, f"{niveau}:{code}", debut, fin, SETTINGS), None,
                             list(COUNTS)):
            if not c.masked:
                continue
            for m, v, hidden in zip(c.spark_months, c.spark, c.spark_masked, strict=True):
                if _own(c.id, m, min(month_end(m), fin), debut, fin):
                    met += c.secondary
                    assert v is None and hidden, (niveau, code, c.id, m, v)
    if kind == "annee":
        assert met, niveau  # the sweep meets complements' own points


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["annee", "mois"])
def test_a_hidden_cards_own_month_is_hidden_in_its_packs_series(ext, kind, monkeypatch):
    """Every canton's pack: where its key card is hidden, the series' month on the card's own
    window is hidden too (« secret statistique » or « < 5 », never the figure)."""
    monkeypatch.setattr(assemble, "KEY_IDS", COUNTS)
    debut, fin = WINDOWS[kind]
    met = 0
    for code in _units(ext, "canton", debut, fin):
        pack = build_pack(ext, B.REF, SETTINGS, from_dates(debut, fin),
                          B.REF.parse_territoire(f"canton:{code}"), "comite")
        cards = {c.id: c for c in pack.cards}
        for ch in pack.charts():
            if ch.ind_id not in cards or not ch.titre.endswith("évolution par mois") \
                    or not cards[ch.ind_id].masked:
                continue
            # the series' months: the period's, or the 12 ending with a shorter period's
            start = debut if kind == "annee" else add_months(debut, -11)
            months = month_starts(start, fin)
            shown = dict(zip(months, [r[1] for r in ch.table.display_rows()], strict=True))
            for m in months:
                if _own(ch.ind_id, m, min(month_end(m), fin), debut, fin):
                    met += cards[ch.ind_id].secondary
                    assert shown[m] in ("secret statistique", f"< {SETTINGS.seuil_secret}"), \
                        (code, ch.ind_id, m, shown[m])
    if kind == "annee":
        assert met  # the sweep meets complements' own months
