"""A key card hidden by its level's complementary pattern, as a person sees it in Chromium: the
Synthèse of commune Chaon (41036) in 2025 on the demo — 5 foyers, not small, but the
Territoires table of the communes hides it in complement — writes « secret statistique » where
the count would be, never the count, and the note saying why under the card; a small count's
card of the same page stays « < 5 ». Screenshot in tests/artifacts/screenshots/."""
from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import ROOT
from tests.helpers.browser import wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
COMMUNE = "41036"  # Chaon
LABEL = "Foyers bénéficiaires"
NOTE = "Valeur masquée en complément (secret statistique)"


def _card(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label)).first


def test_a_card_hidden_in_complement_reads_secret_statistique_with_its_note(server,
                                                                              browser_page):
    from data.opening import open_extraction
    from indicators import views
    from indicators.engine import frame, make_ctx
    from tests.helpers.config import test_settings

    s = test_settings()
    op = open_extraction(s)
    ctx = make_ctx(op.extraction, op.referentiel, s, date(2025, 1, 1), date(2025, 12, 31),
                   op.referentiel.parse_territoire(f"commune:{COMMUNE}"))
    raw = int(frame(ctx, "foyers_beneficiaires").collect()["valeur"][0])
    card = views.cards(ctx, None, ["foyers_beneficiaires"], sparkline=False)[0]
    assert raw >= s.seuil_secret and card.secondary  # not small: hidden in complement

    page = browser_page
    page.goto(f"{server}/?periode=2025&territoire=commune:{COMMUNE}",
              wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=240_000)
    wait_idle(page)
    box = _card(page, LABEL)
    value = box.locator('[data-testid="stMetricValue"]').inner_text().strip()
    assert value == "secret statistique", value
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert NOTE in main
    note = page.get_by_text(NOTE).first
    assert note.is_visible()
    assert note.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 12  # readable
    box.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "carte_secret_complement.png"), full_page=False)
    entrees = _card(page, "Entrées").locator('[data-testid="stMetricValue"]').inner_text()
    assert entrees.strip() == "< 5", entrees  # a small count: its own text
