"""The values drawn on the maps are the indicator library's values, and a masked unit's value is
nowhere in the folium HTML or the plotly figure."""
from __future__ import annotations

import json
import re

import polars as pl
import pytest

from data.referentiel import load_referentiel
from geo import folium_map, maps, static_map
from geo.layers import comparison_table, map_indicators, territory_values
from indicators.engine import compute_values
from settings import Settings
from tests.geo import tiny_map

REF = load_referentiel()
CTX = tiny_map.ctx()


def pop(niveau: str, code: str) -> int:
    u = REF.units(niveau)
    return int(u.filter(pl.col("code") == code)["population"][0])


def drawn(ind_id: str, niveau: str, code: str):
    t = territory_values(CTX, ind_id, niveau)
    return t.filter(pl.col("code") == code).row(0, named=True)


CASES = [
    ("personnes_sdd", "canton", "4114"), ("personnes_sdd", "mdcs", "VEN"),
    ("personnes_sdd", "commune", "41269"), ("personnes_sdd", "canton", "4104"),
    ("foyers_beneficiaires", "epci", "200072072"), ("foyers_beneficiaires", "mdcs", "SUD"),
    ("personnes_sdd_pour_1000_hab", "canton", "4104"),
    ("foyers_beneficiaires_pour_1000_hab", "mdcs", "SUD"),
    ("taux_absenteisme", "canton", "4104"), ("taux_absenteisme", "mdcs", "SUD"),
    ("delai_orientation_median_j", "mdcs", "VEN"), ("delai_orientation_median_j", "commune", "41269"),
    ("part_orientes_dans_delai", "mdcs", "VEN"),
]


@pytest.mark.parametrize("ind_id,niveau,code,why", [
    # canton 4110 (3 persons) is masked: alone, the département minus the others would give it
    # back, so the smallest other canton (4102, 7 persons) is masked too
    ("personnes_sdd_pour_1000_hab", "canton", "4102", "complementary"),
    ("foyers_beneficiaires_pour_1000_hab", "mdcs", "BLO", "complementary"),
    ("taux_absenteisme", "canton", "4114", "numerator 3 of 12"),
    ("delai_orientation_median_j", "commune", "41001", "median of 9 < seuil_distribution"),
])
def test_units_hidden_by_the_new_rules(ind_id, niveau, code, why):
    r = drawn(ind_id, niveau, code)
    assert r["masque"] and r["valeur"] is None, why


@pytest.mark.parametrize("ind_id,niveau,code", CASES)
def test_value_drawn_is_the_librarys_value_for_that_territory(ind_id, niveau, code):
    expected = compute_values(tiny_map.ctx(f"{niveau}:{code}"), [ind_id])[ind_id]
    r = drawn(ind_id, niveau, code)
    assert not r["masque"]
    assert r["valeur"] == pytest.approx(expected)


def test_hand_computed_values():
    assert drawn("personnes_sdd", "canton", "4114")["valeur"] == 12
    assert drawn("personnes_sdd", "mdcs", "VEN")["valeur"] == 21  # Vendôme 12 + Ambloy 9
    assert drawn("personnes_sdd", "canton", "4104")["valeur"] == 20  # Le Controis's part
    assert drawn("taux_absenteisme", "canton", "4104")["valeur"] == pytest.approx(0.25)  # 5 / 20
    assert drawn("taux_absenteisme", "canton", "4104")["texte"] == "25,0\u202f%"
    r = drawn("personnes_sdd_pour_1000_hab", "canton", "4114")
    assert r["valeur"] == pytest.approx(12_000 / pop("canton", "4114"))
    assert r["texte"].endswith("‰")
    # Vendôme: 20 days (12 persons ≥ seuil_distribution 11; Ambloy's 9 are not enough)
    assert drawn("delai_orientation_median_j", "commune", "41269")["valeur"] == 20


def test_departement_value_and_zero_units():
    t = territory_values(CTX, "personnes_sdd", "canton")
    assert t["valeur_departement"][0] == 51
    zero = t.filter(pl.col("code") == "4101").row(0, named=True)  # La Beauce: nobody
    assert zero["valeur"] == 0 and not zero["masque"] and zero["texte"] == "0"
    # a rate with no denominator at all is "aucune donnée", not a secret
    r = drawn("taux_absenteisme", "canton", "4101")
    assert r["sans_donnee"] and not r["masque"] and r["valeur"] is None
    assert r["texte"] == "aucune donnée"


@pytest.mark.parametrize("ind_id,niveau,code", [
    ("personnes_sdd", "canton", "4110"), ("personnes_sdd", "mdcs", "ROM"),
    ("personnes_sdd", "commune", "41194"), ("taux_absenteisme", "canton", "4110"),
    ("personnes_sdd_pour_1000_hab", "canton", "4110"), ("delai_orientation_median_j", "mdcs", "ROM"),
])
def test_unit_below_the_threshold_is_masked_with_nothing_left(ind_id, niveau, code):
    r = drawn(ind_id, niveau, code)
    assert r["masque"] and r["texte"] == "secret statistique"
    for col in ("valeur", "effectif", "numerateur", "ecart", "rang", "limite_basse_95",
                "limite_haute_95", "significatif"):
        assert r.get(col) is None, col


def test_ranks_skip_nothing_when_a_unit_is_hidden():
    t = territory_values(CTX, "taux_absenteisme", "mdcs")
    # SUD 5/20 visible; VEN 4/21 and BLO 1/7 (numerators of 4 and 1) and ROM (3 rendez-vous)
    # hidden: the only rank left is SUD's, 1 (no gap where the others would stand)
    for code in ("ROM", "BLO", "VEN"):
        assert t.filter(pl.col("code") == code)["rang"][0] is None
    assert sorted(r for r in t["rang"].to_list() if r is not None) == [1]
    assert t.filter(pl.col("rang") == 1)["code"][0] == "SUD"


# ---- nothing of a masked unit in the outputs ------------------------------------------------
def secret_strings(ind_id: str, niveau: str, code: str) -> list[str]:
    """How the hidden value could be written: raw float repr, French formats."""
    raw = compute_values(tiny_map.ctx(f"{niveau}:{code}"), [ind_id])[ind_id]
    out = [repr(float(raw))[:7], f"{100 * raw:.1f}".replace(".", ","), f"{raw:.4f}"]
    return [s for s in out if len(s) >= 4]


def without_template(fig) -> str:
    """The figure's JSON without plotly's default template (its colour scales hold numbers such
    as 0.6666666666666666 that have nothing to do with the data)."""
    d = json.loads(fig.to_json())
    d.get("layout", {}).pop("template", None)
    return json.dumps(d, ensure_ascii=False)


def feature_props(html: str, code: str) -> dict:
    """The properties of the feature ``code`` in the folium page."""
    for m in re.finditer(r'"properties":\s*(\{[^{}]*\})', html):
        props = json.loads(m.group(1))
        if props.get("code") == code:
            return props
    raise AssertionError(f"no feature {code}")


@pytest.mark.parametrize("ind_id,niveau,code", [
    ("taux_absenteisme", "canton", "4110"),  # 2 absent out of 3: 66,7 %
    ("personnes_sdd_pour_1000_hab", "canton", "4110"),
    ("taux_absenteisme", "commune", "41194"),
])
def test_masked_value_absent_from_folium_html_and_plotly_json(ind_id, niveau, code):
    lay = maps.layer(CTX, ind_id, niveau)
    html = folium_map.map_html(folium_map.build_map(lay, Settings(), embed_leaflet=False))
    props = feature_props(html, code)
    assert set(props) == {"code", "nom", "texte"}
    assert props["texte"] == "secret statistique"
    fig_json = without_template(static_map.build_figure(lay))
    thumb_json = without_template(maps.thumbnail_figure(CTX, ind_id, niveau))
    for s in secret_strings(ind_id, niveau, code):
        assert s not in html, s
        assert s not in fig_json, s
        assert s not in thumb_json, s
    assert "66,7" not in html and "0.6666" not in fig_json
    # the unit is drawn in the grey « secret statistique » trace of the static map
    fig = json.loads(fig_json)
    assert "secret statistique" in fig_json
    secret = [t for t in fig["data"] if t.get("name", "").startswith("Secret statistique")]
    assert len(secret) == 1 and code in secret[0]["locations"]
    assert set(secret[0]["z"]) == {1}
    assert all(c[1] == "secret statistique" for c in secret[0]["customdata"])


def test_every_choropleth_trace_carries_constant_z_only():
    lay = maps.layer(CTX, "taux_absenteisme", "mdcs")
    fig = json.loads(static_map.build_figure(lay).to_json())
    chor = [t for t in fig["data"] if t["type"] == "choroplethmap"]
    assert chor and all(set(t["z"]) == {1} for t in chor)
    # legend entries are the classes' French labels
    names = [t["name"] for t in chor]
    assert names[: lay.classes.k] == list(lay.classes.labels)


def test_folium_map_has_legend_tooltip_labels_and_no_cdn():
    lay = maps.layer(CTX, "personnes_sdd", "canton")
    html = folium_map.map_html(folium_map.build_map(lay, Settings()))
    for text in ("Personnes soumises aux droits et devoirs", "Secret statistique",
                 "effectifs égaux", "Limite de MDCS", "Blois", "Vendôme",
                 "Romorantin-Lanthenay", "IGN Admin Express / INSEE"):
        # the legend travels as a JSON string (non-ASCII letters escaped)
        assert text in html or json.dumps(text)[1:-1] in html, text
    assert "cdn.jsdelivr" not in html and "https://" not in html.split("<body>")[0]
    assert "tile.openstreetmap" not in html  # carte_fond "aucun"


def test_folium_background_tiles_from_settings():
    lay = maps.layer(CTX, "personnes_sdd", "mdcs")
    s = Settings(carte_fond="https://tuiles.example.fr/{z}/{x}/{y}.png", carte_attribution="IGN")
    html = folium_map.map_html(folium_map.build_map(lay, s, embed_leaflet=False))
    assert "tuiles.example.fr" in html


def test_comparison_table_hides_masked_units():
    lay = maps.layer(CTX, "taux_absenteisme", "mdcs")
    t = comparison_table(lay)
    rom = t.display.filter(pl.col("MDCS") == "Romorantin-Lanthenay").row(0, named=True)
    assert rom["Valeur"] == "secret statistique" and rom["Rang"] == "–" and rom["Écart"] == "–"
    e = t.export.filter(pl.col("Code") == "ROM").row(0, named=True)
    assert e["Valeur (%)"] is None and e["Rang"] is None and e["Secret statistique"]
    ven = t.export.filter(pl.col("Code") == "SUD").row(0, named=True)
    assert ven["Valeur (%)"] == pytest.approx(25.0)


def test_map_indicators_skip_what_the_extraction_lacks():
    ids = map_indicators(tiny_map.extraction())
    assert "personnes_sdd" in ids and "taux_absenteisme" in ids
    assert "taux_cer_valide" not in ids  # no cer table in the tiny extraction
    with pytest.raises(maps.MapUnavailable):
        maps.layer(CTX, "taux_cer_valide", "mdcs")
    with pytest.raises(maps.MapUnavailable):
        maps.layer(CTX, "indicateur_qui_n_existe_pas", "mdcs")


def test_folium_tooltip_is_drawn_above_the_legend():
    # Leaflet's tooltip pane lives in the map pane, under the control corners (z-index 1000)
    # where the legend sits: it is moved into the map container, above them, following the map
    lay = maps.layer(CTX, "personnes_sdd", "canton")
    html = folium_map.map_html(folium_map.build_map(lay, Settings(), embed_leaflet=False))
    assert "map.getPane('tooltipPane')" in html
    assert "map.getContainer().appendChild(tips)" in html
    assert f"tips.style.zIndex = {folium_map.TOOLTIP_Z};" in html and folium_map.TOOLTIP_Z > 1000
    assert "containerPointToLayerPoint" in html  # it follows the map when it pans
    assert ".leaflet-tooltip { opacity: 1 !important; }" in html  # opaque over the legend


def test_comparison_table_compares_each_kind_by_its_own_rule():
    """A count is compared by its share of the département (never « non évalué »), a rate by
    its difference and its significance, a median by its difference (no funnel limits)."""
    count = maps.layer(CTX, "personnes_sdd", "mdcs")
    t = comparison_table(count)
    assert "Part du département" in t.display.columns
    assert "Écart" not in t.display.columns and "Écart significatif" not in t.display.columns
    dep = count.valeur_departement
    shown = [r for r in count.table.rows(named=True) if r["valeur"] is not None]
    assert shown
    for r in shown:  # the share of the value as shown, by hand
        e = t.export.filter(pl.col("Code") == r["code"]).row(0, named=True)
        assert e["Part du département (%)"] == pytest.approx(100 * r["valeur"] / dep)
        d = t.display.filter(pl.col("MDCS") == r["nom"]).row(0, named=True)
        assert d["Part du département"].endswith("%")
    assert "non évalué" not in " ".join(str(v) for v in t.display.rows())
    assert "rapportée à celle du département" in t.note
    rate = comparison_table(maps.layer(CTX, "taux_absenteisme", "mdcs"))
    assert {"Écart", "Écart significatif"} <= set(rate.display.columns)
    assert "Part du département" not in rate.display.columns
    median = comparison_table(maps.layer(CTX, "delai_orientation_median_j", "mdcs"))
    assert "Écart" in median.display.columns and "Écart significatif" not in median.display.columns
    assert "non évalué" not in " ".join(str(v) for v in median.display.rows())


def test_units_outside_a_scope_say_so_on_the_map():
    """An elu's map draws the other cantons without value: their tooltip and the legend say « hors
    de votre périmètre », not « aucune donnée » (which would tell that the canton has no one)."""
    from access.scope import OUTSIDE, build_scope
    from data.referentiel import Territoire

    scope = build_scope(REF, "elu", [Territoire("canton", "4104")])
    lay = scope.filter_layer(maps.layer(CTX, "personnes_sdd", "canton"))
    props = {f["properties"]["code"]: f["properties"]["texte"]
             for f in folium_map.features(lay)["features"]}
    assert props["4102"] == OUTSIDE and props["4104"] != OUTSIDE
    assert sum(t == OUTSIDE for t in props.values()) == REF.units("canton").height - 1
    legend = folium_map.legend_html(lay, True)
    assert "Hors de votre périmètre" in legend and "Aucune donnée" not in legend
    whole = maps.layer(CTX, "personnes_sdd", "canton")
    assert "Hors de votre périmètre" not in folium_map.legend_html(whole, True)
