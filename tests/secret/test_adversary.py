"""Issue 9's eight attacks, tried as an adversary would on what the views and their exports give
(tables as shown, CSV, XLSX, chart JSON, packs), on the extraction of :mod:`tests.secret.adversary`.
Each test does the attack's arithmetic and asserts it does not give the protected value back."""
from __future__ import annotations

import io
import json
import re
from datetime import date

import polars as pl
import pytest
from openpyxl import load_workbook

from charts import figures as F
from indicators import distributions, views
from indicators.engine import compute_values, frame
from indicators.secret import KM_DURATIONS
from reports.content import build_pack
from reports.tables import to_xlsx
from tests.secret import adversary as A

SEUIL = 5


@pytest.fixture(scope="module")
def ext():
    return A.extraction()


def csv_text(table: views.Table) -> str:
    return views.table_csv(table).decode("utf-8-sig")


def xlsx_cells(table: views.Table) -> list:
    wb = load_workbook(io.BytesIO(to_xlsx(table.titled("t"))))
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def fig_json(fig) -> str:
    d = json.loads(fig.to_json())
    d.get("layout", {}).pop("template", None)
    return json.dumps(d, ensure_ascii=False)


def pack_texts(pack) -> str:
    """Everything a pack writes: cards, sentences, every table cell, every chart's data."""
    out = [c.text for c in pack.cards] + [c.comparison_text for c in pack.cards] + list(pack.sentences)
    for t in pack.tables():
        out += [t.titre] + [" | ".join(r) for r in t.display_rows()]
        out.append(csv_text(t))
    for ch in pack.charts():
        out.append(fig_json(ch.figure))
    return "\n".join(out)


def shown_number(text: str) -> float | None:
    t = text.replace("\u202f", "").replace(" ", "").replace(",", ".").rstrip("€%j")
    try:
        return float(t)
    except ValueError:
        return None


# ---- 1. quantiles give back the délais --------------------------------------------------------
def test_1_quantiles_of_five_entrants_are_not_shown(ext):
    q = distributions.delay_quantiles(A.ctx(ext, "canton:4114"), "commune")
    names = q.table.display[q.table.display.columns[0]].to_list()
    assert "Mazangé" not in names and "Vendôme" in names  # 5 < 11 entrants; 32 ≥ 11
    # the attack: read P10, Q1, median, Q3, P90 of Mazangé and invert the interpolation
    assert "Mazangé" not in csv_text(q.table) and "Mazangé" not in fig_json(F.quantile_boxes(
        q.data, title="t", source="s"))
    card = views.cards(A.ctx(ext, "commune:41131"), None, ["delai_orientation_median_j"],
                       sparkline=False)[0]
    assert card.value is None and card.masked  # a median of 5 délais is the 3rd délai (27 days)


# ---- 2. the Kaplan-Meier table is one row per person ------------------------------------------
def test_2_kaplan_meier_below_the_departement_is_at_fixed_durations_only(ext):
    small = distributions.km_orientation(A.ctx(ext, "commune:41131"))
    assert small.data is None and "secret" in small.reason
    km = distributions.km_orientation(A.ctx(ext, "commune:41269"))
    assert set(km.data["jours"].to_list()) <= {0, *KM_DURATIONS}
    assert set(km.data.columns) == {"jours", "part_orientee"}  # no at-risk / event counts
    assert km.table.export["Jours"].to_list() == list(KM_DURATIONS)
    xs = json.loads(F.km_curve(km.data, title="t", source="s").to_json())["data"][0]["x"]
    assert set(xs) <= {0, *KM_DURATIONS}
    # the attack: consecutive rows (day; at risk; events) give each délai — no such row anywhere
    assert not re.search(r"\b(8|16|27|33|37);\d+;1\b", csv_text(km.table))


# ---- 3. a household's RSA --------------------------------------------------------------------
def test_3_sums_and_means_of_one_foyer_are_hidden(ext):
    c = A.ctx(ext, f"commune:{A.BOISSEAU}")
    raw = compute_values(c, ["montant_rsa_verse", "foyers_payes"])
    assert raw == {"montant_rsa_verse": 12 * A.MESLAY_MONTHLY, "foyers_payes": 1}  # not void
    cards = views.cards(c, None, ["foyers_payes", "montant_rsa_verse",
                                  "montant_moyen_par_foyer_mois"], sparkline=False)
    assert [k.text for k in cards] == ["< 5", "secret statistique", "secret statistique"]
    b = views.series(c, "montant_rsa_verse")
    assert b.data["valeur"].drop_nulls().to_list() in ([], [0.0] * b.data["valeur"].drop_nulls().len())
    for pack_terr in (f"commune:{A.BOISSEAU}", "canton:4101"):
        pack = build_pack(ext, A.REF, A.B.SETTINGS, A.PERIODE,
                          A.REF.parse_territoire(pack_terr), "evaluation")
        text = pack_texts(pack)
        for leak in ("6\u202f576", "6576", "548"):
            assert leak not in text, (pack_terr, leak)


# ---- 4. subtraction, territories --------------------------------------------------------------
def _comparison(ext, niveau):
    t = views.territory_comparison(A.ctx(ext), ["foyers_beneficiaires"], niveau)
    return dict(zip(t.display["Territoire"].to_list(), t.display[t.display.columns[-1]].to_list(),
                    strict=True)), t


def test_4_canton_minus_its_shown_communes_does_not_give_the_masked_commune(ext):
    cantons, _ = _comparison(ext, "canton")
    communes, t = _comparison(ext, "commune")
    members = A.REF.communes.filter(pl.col("canton_code") == "4114")["nom"].to_list()
    canton = shown_number(cantons[A.REF.label("canton", "4114")])
    shown = [shown_number(communes[m]) for m in members]
    hidden = [m for m, v in zip(members, shown, strict=True) if v is None]
    assert communes["Areines"] == "< 5" and len(hidden) >= 2  # Areines (3) and one more
    recovered = canton - sum(v for v in shown if v is not None)
    assert recovered >= SEUIL  # the arithmetic gives several communes together, never 3
    assert "secret statistique" in communes.values()
    # the same cells in the exports
    exp = t.export.filter(pl.col("Territoire").is_in(hidden))
    assert exp[exp.columns[-1]].is_null().all()
    for line in csv_text(t).splitlines():
        if line.split(";")[1:2] and line.split(";")[1] in hidden:
            assert not re.match(r"^\d", line.split(";")[-1]), line


def test_4_the_canton_pack_hides_a_second_commune(ext):
    pack = build_pack(ext, A.REF, A.B.SETTINGS, A.PERIODE, A.REF.parse_territoire("canton:4114"),
                      "comite")
    card = next(c for c in pack.cards if c.id == "foyers_beneficiaires")
    table = next(t for t in pack.tables() if t.titre.startswith("Volumes par"))
    col = next(k for k, c in enumerate(table.headers) if c.startswith("Foyers bénéficiaires"))
    units = [r for r in table.export_rows()[:-1]]
    vals = [r[col] for r in units]
    assert sum(isinstance(v, str) for v in vals) >= 2
    recovered = card.value - sum(v for v in vals if not isinstance(v, str) and v is not None)
    assert recovered >= SEUIL


# ---- 5. subtraction, time ----------------------------------------------------------------------
def test_5_card_minus_the_shown_months_does_not_give_the_masked_month(ext):
    c = A.ctx(ext, "commune:41269")
    card = views.cards(c, None, ["entrees"])[0]
    b = views.series(c, "entrees")
    months = b.data["valeur"].to_list()
    assert b.data.filter(pl.col("mois") == date(2025, 8, 1))["masque"][0]  # August: 2
    masked = b.data.filter(pl.col("masque"))["mois"].to_list()
    assert len(masked) >= 2  # August and one more month: the difference is their sum at best
    # true entrants of each month (5 a month January-June, 2 in August)
    truth = {date(2025, m, 1): 5 for m in range(1, 7)} | {date(2025, 8, 1): 2}
    hidden_sum = sum(truth.get(m, 0) for m in masked)
    assert hidden_sum >= SEUIL  # complementary suppression on true values
    recovered = card.value - sum(v for v in months if v is not None)
    # the arithmetic gives the masked months together, and perturbed: not their true sum
    assert recovered != hidden_sum
    # the card's trend line and the chart data hide the same months
    assert sum(v is None for v in card.spark) >= 2
    j = fig_json(F.time_series(b.data, fmt="entier", title="t", source="s"))
    assert '"y": [' in j


# ---- 6. differencing two periods ----------------------------------------------------------------
def test_6_two_periods_one_day_apart_give_the_same_figures(ext):
    a = views.cards(A.ctx(ext, "commune:41031", date(2024, 1, 1), date(2025, 12, 31)), None,
                    ["entrees"], sparkline=False)[0]
    b = views.cards(A.ctx(ext, "commune:41031", date(2024, 1, 1), date(2025, 12, 30)), None,
                    ["entrees"], sparkline=False)[0]
    assert a.text == b.text and a.masked == b.masked  # the entrant of 31/12 is not given back
    # Cellettes' card is hidden by the commune level's pattern (the Territoires table hides it
    # too): the figure every output reads is the same on both windows (whole months)
    raw = [frame(A.ctx(ext, "commune:41031", date(2024, 1, 1), fin), "entrees").collect()
           ["valeur"][0] for fin in (date(2025, 12, 31), date(2025, 12, 30))]
    assert raw[0] == raw[1] >= 7
    assert compute_values(A.ctx(ext, None, date(2025, 12, 1), date(2025, 12, 30)),
                          ["entrees"])["entrees"] != compute_values(
        A.ctx(ext, None, date(2025, 12, 1), date(2025, 12, 31)), ["entrees"])["entrees"]


# ---- 7. numerators shown -----------------------------------------------------------------------
def test_7_a_rate_of_one_out_of_seven_is_hidden_and_no_numerator_is_given(ext):
    c = A.ctx(ext, "commune:41226")
    card = views.cards(c, None, ["taux_orientation"], sparkline=False)[0]
    assert card.masked and card.value is None  # 1 / 7: 1 person oriented
    b = views.breakdown(c, "taux_orientation", ("sexe",))
    assert "Numérateur" not in b.table.display.columns and "Numérateur" not in csv_text(b.table)
    assert "Numérateur" not in xlsx_cells(b.table)
    dep = views.breakdown(A.ctx(ext), "taux_orientation", ("sexe",))
    assert "Numérateur" in dep.table.display.columns  # département figures stay whole


# ---- 8. sanctions judged on events ----------------------------------------------------------------
def test_8_five_saisines_of_two_persons_are_hidden(ext):
    c = A.ctx(ext, f"commune:{A.DHUIZON}")
    raw = compute_values(c, ["ep_saisines"])
    assert raw["ep_saisines"] == 5  # five events: a count of events alone would be shown
    cards = views.cards(c, None, ["ep_saisines", "ep_delai_notification_moyen_j"], sparkline=False)
    assert [k.text for k in cards] == ["< 5", "secret statistique"]


# ---- no small number anywhere ----------------------------------------------------------------------
SMALL = re.compile(r"^[1-4]$")


@pytest.mark.parametrize("terr", ["commune:41269", "canton:4114", "commune:41226", "mdcs:VEN"])
def test_no_small_count_in_any_cell_or_export(ext, terr):
    c = A.ctx(ext, terr)
    ids = ["foyers_beneficiaires", "personnes_sdd", "entrees", "ep_saisines", "foyers_payes"]
    tables = [views.series(c, "entrees").table, views.breakdown(c, "personnes_sdd", ("sexe",)).table,
              views.territory_comparison(c, ids, "commune")]
    dep = "(département)"  # the département's row is exact (it is no secret)
    for t in tables:
        cells = [x for r in t.display.rows() if dep not in str(r[0]) for x in r]
        assert not [x for x in cells if isinstance(x, str) and SMALL.match(x.strip())], cells
        for line in csv_text(t).splitlines()[1:]:
            if dep not in line:
                assert not [x for x in line.split(";")[1:] if SMALL.match(x)], line
        below = t.export.filter(~pl.col(t.export.columns[1]).cast(pl.Utf8).str.contains(dep))
        nums = [x for x in xlsx_cells(views.Table(below, below))
                if isinstance(x, (int, float)) and not isinstance(x, bool)]
        assert not [x for x in nums if 1 <= x < SEUIL], nums
    for card in views.cards(c, None, ids, sparkline=False):
        assert not SMALL.match(card.text.strip()), card


def test_a_cantons_communes_hide_the_same_cells_everywhere(ext):
    """The canton's pack, a breakdown by commune on the canton's page and the Territoires table
    of all communes hide the same communes (two patterns could be combined)."""
    _, t = _comparison(ext, "commune")
    members = set(A.REF.communes.filter(pl.col("canton_code") == "4114")["nom"].to_list())
    whole = {n for n, v in zip(t.display["Territoire"].to_list(),
                               t.display[t.display.columns[-1]].to_list(), strict=True)
             if n in members and v in ("< 5", "secret statistique")}
    b = views.breakdown(A.ctx(ext, "canton:4114"), "foyers_beneficiaires", ("commune",))
    page = set(b.data.filter(pl.col("masque"))["commune_libelle"].to_list())
    pack = build_pack(ext, A.REF, A.B.SETTINGS, A.PERIODE, A.REF.parse_territoire("canton:4114"),
                      "comite")
    table = next(x for x in pack.tables() if x.titre.startswith("Volumes par"))
    in_pack = {r[0] for r in table.export_rows()[:-1] if isinstance(r[1], str)}
    assert whole == page == in_pack and len(whole) >= 2
