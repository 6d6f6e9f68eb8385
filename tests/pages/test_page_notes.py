"""Notes a reader needs beside the figures, on the demo in canton 4104 (an elected official's
territory): a chart whose every value is masked says « secret statistique », not « aucune
donnée », and the actions' cards say where actions and participants are counted."""
from __future__ import annotations

import re

import pytest

from tests.helpers.apptest import app, hints

pytestmark = pytest.mark.slow  # the app in AppTest

CANTON = {"periode": "2025", "territoire": "canton:4104"}


def test_jeunes_monthly_amounts_all_masked_say_secret(demo_url):
    """Card « Montant FAJD accordé » shows the year's total, while each month of 2025 covers too
    few young people: the chart beside it says the months are masked."""
    at = app(demo_url, "pages/jeunes.py", CANTON)
    assert not at.exception, [e.value for e in at.exception]
    infos = [i.value for i in at.info]
    montants = [i for i in infos if i.startswith("Montants par mois")]
    assert montants, infos
    assert "valeurs masquées (secret statistique" in montants[0], montants
    assert not any("aucune donnée" in i for i in montants), montants
    card = next(m for m in at.metric if m.label == "Montant FAJD accordé")
    assert card.value.endswith("€"), card.value


def test_orientations_monthly_inscriptions_zeros_beside_masked_say_secret(demo_url):
    """Canton 4104 in 2025: a few new inscriptions a month, each masked, the other months at 0 —
    not an empty chart at zero but « valeurs masquées »."""
    at = app(demo_url, "pages/orientations.py", CANTON)
    assert not at.exception, [e.value for e in at.exception]
    said = [i.value for i in at.info if i.value.startswith("Inscriptions plateforme par mois")]
    assert said and "valeurs masquées (secret statistique" in said[0], [i.value for i in at.info]


def test_actions_cards_say_where_actions_and_participants_are_counted(demo_url):
    at = app(demo_url, "pages/actions.py", CANTON)
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert any("là où l'action a lieu" in c and "là où la personne habite" in c
               for c in captions), captions
    dep = app(demo_url, "pages/actions.py", {"periode": "2025"})
    assert not any("là où l'action a lieu" in c.value for c in dep.caption)


@pytest.mark.parametrize("page,query", [
    ("pages/carte.py", {}),
    ("pages/territoires.py", {}),
    ("pages/freins.py", {"territoire": "canton:4104"}),  # the « Par territoire » block's hint
    ("pages/rapports.py", {}),  # « Choisissez la période et le territoire dans le panneau… »
])
def test_interactive_hints_are_not_in_the_printable_version(demo_url, page, query):
    """ui.printable.hint: « Cliquez sur un territoire… », « Choisissez … dans les filtres » on
    the interactive page only."""
    on_screen = app(demo_url, page, query)
    assert not on_screen.exception, [e.value for e in on_screen.exception]
    assert hints(on_screen), "the interactive page gives its hint"
    printed = app(demo_url, page, {**query, "impression": "1"})
    assert not printed.exception, [e.value for e in printed.exception]
    assert hints(printed) == []
    assert not printed.expander or page != "pages/territoires.py"  # no commune finder on paper


def test_printable_tables_are_whole_static_tables(demo_url):
    """On paper a table shows every column and row (a scrolling grid would cut the 12 columns of
    the territories' comparison at the page's edge): static tables, with their notes."""
    on_screen = app(demo_url, "pages/territoires.py", CANTON)
    assert on_screen.dataframe and not on_screen.table
    printed = app(demo_url, "pages/territoires.py", {**CANTON, "impression": "1"})
    assert not printed.exception, [e.value for e in printed.exception]
    assert not printed.dataframe
    widest = max(printed.table, key=lambda t: t.value.shape[1])
    assert widest.value.shape[1] == on_screen.dataframe[-1].value.shape[1]
    assert "Canton non déterminé" in widest.value.iloc[:, 0].tolist()


@pytest.mark.parametrize("page", ["pages/plan.py", "pages/definitions.py"])
def test_printable_expanders_are_laid_out_open(demo_url, page):
    """A closed expander prints nothing: the plan's fiches (pilot, criteria table) and the
    glossary are laid out open on paper (ui.printable.expander)."""
    on_screen = app(demo_url, page, CANTON)
    assert on_screen.expander
    printed = app(demo_url, page, {**CANTON, "impression": "1"})
    assert not printed.exception, [e.value for e in printed.exception]
    assert not printed.expander
    if page == "pages/plan.py":  # every fiche's criteria table, on paper
        assert len(printed.table) >= len(on_screen.expander) - 1
        shown = " ".join(str(v) for t in printed.table for v in t.value.to_numpy().ravel())
        assert not re.search(r"\[\d", shown), re.findall(r".{60}\[\d.{20}", shown)[:2]  # no raw trend
    else:
        assert any(m.value.startswith("**Glossaire des sigles") for m in printed.markdown)


def test_journal_has_no_territory_or_period_line(demo_url):
    """The Journal des exports lists every export, whatever the filters: the territory, period and
    comparison line (and the protection note) every other page has would say what it does not
    show."""
    journal = app(demo_url, "pages/journal.py", CANTON)
    assert not journal.exception, [e.value for e in journal.exception]
    said = [m.value for m in journal.markdown] + [c.value for c in journal.caption]
    assert not any("comparaison :" in s or "Canton Blois-3" in s or "Valeurs protégées" in s
                   for s in said), said
    synthese = app(demo_url, "pages/synthese.py", CANTON)  # a page of the filters keeps it
    assert any("comparaison :" in m.value for m in synthese.markdown)


def test_table_columns_are_wide_enough_for_every_cell(demo_url):
    """Streamlit's grid sizes a column on its typical cells: a column of « 0,0 % » with two
    « secret statistique » cells (Territoires, access to the offer by canton) showed « secret
    statisti… ». Every column is given the width of its widest cell and its header."""
    import json

    from ui.grid import MAX_W, PADDING, text_width

    at = app(demo_url, "pages/territoires.py", CANTON)
    assert not at.exception, [e.value for e in at.exception]
    secret_cells = 0
    for df in at.dataframe:
        cfg = json.loads(df.proto.columns or "{}")
        for name in df.value.columns:
            cells = [str(v) for v in df.value[name].tolist()] + [str(name)]
            width = (cfg.get(name) or cfg.get(f"col:{name}") or {}).get("width")
            assert width is not None, (name, sorted(cfg)[:5])
            need = max(text_width(c) for c in cells) + PADDING
            assert width >= min(need, MAX_W), (name, width, need)
            secret_cells += sum(c == "secret statistique" for c in cells)
    assert secret_cells >= 2  # the case seen (canton 4104, 2025) is among them


def test_printed_maps_of_the_departement_say_the_departement(demo_url, monkeypatch):
    """The Carte's access map, funnel and trends draw every unit of the département: their
    printed (and downloaded) image said « Canton Blois-3 — 2025 », the filters' territory, under
    a map of the 15 cantons, and ran the map's subtitle into a title cut at the image's edge."""
    from ui import printable

    made = []

    def fake_png(fig_json, decorate, width=None):
        made.append(decorate)
        return printable_png

    from tests.helpers.images import PNG as printable_png

    monkeypatch.setattr(printable, "_png", fake_png)
    at = app(demo_url, "pages/carte.py", {**CANTON, "impression": "1"})
    assert not at.exception, [e.value for e in at.exception]
    decorated = [d for d in made if d is not None]
    access = [d for d in decorated if d[0].startswith("Accès à l'offre")]
    assert access, decorated
    assert all(d[1] == "Loir-et-Cher" for d in decorated), decorated  # (name, territoire, …)
