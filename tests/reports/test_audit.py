"""The journal of exports: JSON lines through logging, file mode 0600, rotation by size (old files
read back in order), the dashboard's identity kept as given, a long extraction source shortened
in the DOCX / PPTX core properties only."""
from __future__ import annotations

import json
import os
import stat
from dataclasses import replace

from reports import audit
from reports.style import CORE_MAX, core_text
from settings import Settings


def _settings(tmp_path, **kw) -> Settings:
    return replace(Settings(), audit_fichier=str(tmp_path / "j" / "audit.jsonl"), **kw)


def test_lines_are_json_with_identity_and_mode_0600(tmp_path):
    s = _settings(tmp_path)
    qui = audit.Qui("elu.4104@declik.test", "elu", "oidc")
    e = audit.log_export(s, pack="tableau", format="csv", territoire="canton:4104", periode="2025",
                         sortie="fiche.csv", qui=qui, quoi="Fiche Blois-3")
    p = audit.audit_path(s)
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o600
    line = json.loads(p.read_text(encoding="utf-8").splitlines()[-1])
    assert line == e
    assert (line["qui"], line["role"], line["qui_source"], line["quoi"], line["territoire"],
            line["periode"], line["sortie"], line["format"]) == \
        ("elu.4104@declik.test", "elu", "oidc", "Fiche Blois-3", "canton:4104", "2025",
         "fiche.csv", "csv")


def test_rotation_keeps_old_files_private_and_readable(tmp_path):
    s = _settings(tmp_path, audit_taille_max_mo=1, audit_fichiers_gardes=3)
    big = "x" * 2000
    for i in range(1200):  # ~2,4 Mo: at least two rotations
        audit.log_export(s, pack="graphique", format="png", territoire="departement:41",
                         periode="2025", sortie=f"{i}.png", note=big)
    files = audit.log_files(s)
    assert len(files) >= 3
    for f in files:
        assert stat.S_IMODE(os.stat(f).st_mode) == 0o600
        assert f.stat().st_size <= 1024 * 1024 + 5000
    rows = audit.read_log(s)
    names = [r["sortie"] for r in rows]
    assert names == sorted(names, key=lambda n: int(n.split(".")[0]))  # oldest first
    assert names[-1] == "1199.png"


def test_core_properties_are_shortened_not_the_text():
    long = "Source " + "très longue " * 40
    assert len(core_text(long)) <= CORE_MAX < 255 and core_text(long).endswith("…")
    assert core_text("courte") == "courte"
