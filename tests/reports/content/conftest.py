"""Packs built once for the content tests: the département's comité pack, and évaluation packs of
small territories (a 3-foyer commune, its canton, its MDCS)."""
from __future__ import annotations

import pytest

from reports.content import build_pack
from tests.reports.content.packs import PERIODE
from tests.reports.fixtures import SMALL_COMMUNE


@pytest.fixture(scope="package")
def dep_pack(opened, rep_settings):
    return build_pack(opened.extraction, opened.referentiel, rep_settings, PERIODE, None, "comite")


@pytest.fixture(scope="package", params=[f"commune:{SMALL_COMMUNE}", "canton:4109", "mdcs:VEN"])
def small_pack(request, opened, rep_settings):
    terr = opened.referentiel.parse_territoire(request.param)
    return build_pack(opened.extraction, opened.referentiel, rep_settings, PERIODE, terr,
                      "evaluation")
