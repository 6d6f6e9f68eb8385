"""The comité pack's « Accès à l'offre d'insertion » section on both départements: a map of the
share of personnes SDD far from a point numérique public, with the places, and the « territoires
peu pourvus » table by the first level (MDCS, bassins d'emploi); no section without ``lieu``."""
from __future__ import annotations

import pytest

from data.opening import open_extraction
from data.referentiel import referentiel_of
from reports.content import build_pack
from tests.helpers.config import config_settings
from tests.pages import synthetic
from tests.reports.content.packs import PERIODE

pytestmark = pytest.mark.slow  # two synthetic extractions and two packs (~1 min)


@pytest.mark.parametrize("dep,first,n", [("41", "MDCS", 5), ("45", "Bassin d'emploi", 4)])
def test_comite_pack_has_the_access_section(tmp_path, dep, first, n):
    s0 = config_settings(dep)
    url = synthetic.write(tmp_path / "s.sqlite", n_foyers=400, ref=referentiel_of(s0))
    op = open_extraction(s0.with_url(url))
    pack = build_pack(op.extraction, op.referentiel, s0.with_url(url), PERIODE, None, "comite")
    sec = next(s for s in pack.sections if s.titre == "Accès à l'offre d'insertion")
    chart, table = sec.items
    assert "point numérique public" in chart.titre
    assert table.headers[:3] == ["Rang", first, "Part des personnes SDD à plus de 15 km"]
    assert len(table.rows) == n
    assert any((tr.name or "").startswith("Point numérique public (") for tr in chart.figure.data)
    t = synthetic.tables(n_foyers=200, ref=referentiel_of(s0))
    del t["lieu"]
    from data.writer import write_extraction

    url2 = f"sqlite:///{tmp_path / 'sans.sqlite'}"
    write_extraction(url2, t)
    op2 = open_extraction(s0.with_url(url2))
    pack2 = build_pack(op2.extraction, op2.referentiel, s0.with_url(url2), PERIODE, None, "comite")
    assert all(s.titre != "Accès à l'offre d'insertion" for s in pack2.sections)
