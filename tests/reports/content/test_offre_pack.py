"""The packs' « Accès à l'offre d'insertion » section on both départements, comité and évaluation
(written in the DOCX): the map of the needs with every type of place of ``lieu``, the share of
personnes SDD far from each type, and the « territoires peu pourvus » table by the first level
(MDCS, bassins d'emploi); no section without ``lieu``."""
from __future__ import annotations

import io

import pytest
from docx import Document

from data.opening import open_extraction
from data.referentiel import referentiel_of
from reports.content import build_pack
from reports.docx_pack import build_docx
from tests.helpers.config import config_settings
from tests.helpers.images import PNG
from tests.pages import synthetic
from tests.reports.content.packs import PERIODE

pytestmark = pytest.mark.slow  # two synthetic extractions and three packs per département

TITRE = "Accès à l'offre d'insertion"
DE = {"41": "de Loir-et-Cher", "45": "du Loiret"}
LEVELS = {"41": "MDCS, cantons 2015", "45": "bassins d'emploi, arrondissements"}
TYPES = ["MDCS ou antenne", "France Travail", "Mission locale", "CCAS / CIAS",
         "Point numérique", "SIAE", "Organisme de formation"]


def _check_section(sec, first: str, n: int) -> None:
    chart, by_type, ranking = sec.items
    assert chart.titre.startswith("Personnes SDD pour 1 000 habitants et lieux de l'offre")
    # every type of place present in lieu is drawn, one legend entry each
    names = [tr.name or "" for tr in chart.figure.data]
    for label in ("Point numérique public (", "France Travail (", "Mission locale (",
                  "Accueil social du Département (MDCS) ("):
        assert any(x.startswith(label) for x in names), label
    assert [r[0] for r in by_type.display_rows()] == TYPES
    assert by_type.headers[1:] == ["Lieux dans le territoire",
                                   "Part des personnes SDD à plus de 15 km — département"]
    assert all(r[2].endswith("%") for r in by_type.display_rows())
    assert ranking.headers == ["Rang", first, "Types éloignés", "Personnes SDD", *TYPES]
    assert ranking.titre.endswith("part des personnes SDD à plus de 15 km de chaque type de lieu")
    assert len(ranking.display_rows()) == n
    assert "pas de point pondéré par la population" in ranking.note


@pytest.mark.parametrize("dep,first,n", [("41", "MDCS", 5), ("45", "Bassin d'emploi", 4)])
def test_packs_have_the_access_section(tmp_path, dep, first, n):
    s0 = config_settings(dep)
    url = synthetic.write(tmp_path / "s.sqlite", n_foyers=400, ref=referentiel_of(s0))
    op = open_extraction(s0.with_url(url))
    for kind in ("comite", "evaluation"):
        pack = build_pack(op.extraction, op.referentiel, s0.with_url(url), PERIODE, None, kind)
        sec = next(s for s in pack.sections if s.titre == TITRE)
        _check_section(sec, first, n)
        # the département's name with its article, from the configuration ([territoire]
        # departement_de), in the source line and the annex; the annex names its levels
        conseil = f"Conseil départemental {DE[dep]}"
        assert pack.meta.source_line.startswith(f"Source : {conseil}, extraction")
        notes = dict(pack.methodologie)
        assert conseil in notes["Source des données"]
        assert notes["Territoire"].split("Les territoires (")[1].startswith(LEVELS[dep])
    # the évaluation DOCX writes the section: its heading, the map and both tables
    doc = Document(io.BytesIO(build_docx(pack, {id(c): PNG for c in pack.charts()})))
    assert TITRE in [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    heads = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Type de lieu", "Lieux dans le territoire",
            "Part des personnes SDD à plus de 15 km — département"] in heads
    assert any(h[:2] == ["Rang", first] for h in heads)
    t = synthetic.tables(n_foyers=200, ref=referentiel_of(s0))
    del t["lieu"]
    from data.writer import write_extraction

    url2 = f"sqlite:///{tmp_path / 'sans.sqlite'}"
    write_extraction(url2, t)
    op2 = open_extraction(s0.with_url(url2))
    for kind in ("comite", "evaluation"):
        pack2 = build_pack(op2.extraction, op2.referentiel, s0.with_url(url2), PERIODE, None, kind)
        assert all(s.titre != TITRE for s in pack2.sections)


def test_a_canton_pack_ranks_only_its_communes(tmp_path):
    s0 = config_settings("41")
    ref = referentiel_of(s0)
    url = synthetic.write(tmp_path / "s.sqlite", n_foyers=400, ref=ref)
    op = open_extraction(s0.with_url(url))
    terr = op.referentiel.parse_territoire("canton:4104")
    pack = build_pack(op.extraction, op.referentiel, s0.with_url(url), PERIODE, terr, "comite")
    sec = next(s for s in pack.sections if s.titre == TITRE)
    _, by_type, ranking = sec.items
    communes = ref.communes.filter(ref.communes["cantons_2015"].list.contains("4104"))
    names = set(communes["nom"].to_list())
    assert {r[1] for r in ranking.display_rows()} == names
    label = ref.label("canton", "4104")
    assert by_type.headers[2] == f"Part des personnes SDD à plus de 15 km — {label}"
