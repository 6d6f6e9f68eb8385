"""geo.folium_map: an ``Element(text)`` without Jinja syntax is not compiled as a template (branca
compiled every rendered script, the whole GeoJSON included, at each rerun of the Carte page) —
and the map's HTML is byte for byte what Jinja renders."""
from __future__ import annotations

import itertools

import branca.element
import jinja2
import polars as pl
import pytest

from geo import folium_map, maps
from settings import Settings
from tests.geo import tiny_map

CTX = tiny_map.ctx()
PLACES = pl.DataFrame({
    "nom": ["Mission locale de Vendôme", "Espace {{ 7*7 }} {% x %} {# y #}"], "commune": ["41269", "41018"],
    "commune_nom": ["Vendôme", "Blois"], "type_lieu": ["mission_locale", "france_services"],
    "type_libelle": ["Mission locale", "France services"], "groupe": ["emploi", "acces_droits"],
    "couleur": ["#0072B2", "#D55E00"], "latitude": [47.79, 47.59], "longitude": [1.07, 1.33]})


def _html(monkeypatch, niveau: str, places, jinja_only: bool) -> str:
    """The map's HTML with element ids numbered (branca draws them at random)."""
    counter = itertools.count()
    monkeypatch.setattr(branca.element.Element, "_generate_id",
                        classmethod(lambda cls: f"id{next(counter):05d}"))
    if jinja_only:
        monkeypatch.setattr(branca.element, "Template", jinja2.Template)
    try:
        lay = maps.layer(CTX, "personnes_sdd", niveau)
        return folium_map.map_html(folium_map.build_map(lay, Settings(), embed_leaflet=False,
                                                        places=places))
    finally:
        monkeypatch.setattr(branca.element, "Template", folium_map._element_template)


@pytest.mark.parametrize("niveau", ["mdcs", "commune"])
@pytest.mark.parametrize("with_places", [False, True])
def test_same_html_as_jinja(monkeypatch, niveau, with_places):
    places = PLACES if with_places else None
    fast = _html(monkeypatch, niveau, places, jinja_only=False)
    slow = _html(monkeypatch, niveau, places, jinja_only=True)
    assert fast == slow
    assert len(fast) > 20_000 and "Vend\\u00f4me" in fast


def test_a_place_name_is_never_read_as_a_template(monkeypatch):
    """Braces in a place's name (the extraction's text) are shown, never evaluated: the map
    does not say « 49 » for « {{ 7*7 }} » and does not fail on « {% x %} »."""
    html = _html(monkeypatch, "mdcs", PLACES, jinja_only=True)  # branca's own path too
    assert "Espace &#123;&#123; 7*7 &#125;&#125; &#123;% x %&#125;" in html
    assert "Espace 49" not in html


def test_literal_only_without_jinja_syntax():
    assert isinstance(folium_map._element_template("a { b: 1 }\n"), folium_map._Literal)
    assert folium_map._element_template("a { b: 1 }\n").render(this=None) == "a { b: 1 }"
    assert folium_map._element_template("x\n\n").render() == jinja2.Template("x\n\n").render()
    for src in ("{{ 1 + 1 }}", "{% if true %}a{% endif %}", "{# note #}b", "a\r\nb"):
        t = folium_map._element_template(src)
        assert isinstance(t, jinja2.Template) and t.render() == jinja2.Template(src).render()
