"""The habilitations file (TOML and CSV): matching by e-mail and group, every malformed rule
refused with a French message naming it; the demo file is valid."""
from __future__ import annotations

import pytest

from access.habilitations import HabilitationsInvalides, load, parse
from data.referentiel import Territoire, load_referentiel
from settings import ROOT, load_settings


@pytest.fixture(scope="module")
def ref():
    return load_referentiel()


def test_demo_file_is_valid_and_covers_every_role(ref):
    h = load(ROOT / load_settings().habilitations.fichier, ref)
    assert {r.role for r in h.regles} == {"direction", "agent_habilite", "mdcs", "elu"}
    elu = h.match("Elu.4104@DECLIK.test")
    assert elu.role == "elu" and elu.territoires == (Territoire("canton", "4104"),)
    assert h.match(None, ["x", "DECLIK-MDCS-VENDOME"]).territoires == (Territoire("mdcs", "VEN"),)
    assert h.match("inconnu@declik.test", ["AUTRE"]) is None
    assert h.match("", []) is None


def test_email_rule_wins_over_group(ref):
    h = parse('[[habilitation]]\ngroupe = "G"\nrole = "direction"\n'
              '[[habilitation]]\nemail = "a@b.fr"\nrole = "elu"\nterritoires = ["canton:4104"]\n',
              ref, "toml")
    assert h.match("a@b.fr", ["G"]).role == "elu"
    assert h.match("c@b.fr", ["G"]).role == "direction"


def test_csv_format(ref):
    text = ("\ufeffemail;groupe;role;territoires\n"
            "elu@x.fr;;elu;canton:4104|commune:41269\n"
            ";MDCS-SUD;mdcs;mdcs:SUD\n")
    h = parse(text, ref, "csv")
    assert h.match("ELU@x.fr").territoires == (Territoire("canton", "4104"),
                                               Territoire("commune", "41269"))
    assert h.match("", ["MDCS-SUD"]).role == "mdcs"


@pytest.mark.parametrize("rule, message", [
    ('email = "a@b.fr"\nrole = "chef"', "rôle « chef » inconnu"),
    ('email = "a@b.fr"\ngroupe = "G"\nrole = "direction"', "soit « email », soit « groupe »"),
    ('role = "direction"', "soit « email », soit « groupe »"),
    ('email = "a@b.fr"\nrole = "elu"', "au moins un territoire"),
    ('email = "a@b.fr"\nrole = "elu"\nterritoires = ["mdcs:BLO"]', "impossible pour le rôle"),
    ('email = "a@b.fr"\nrole = "mdcs"\nterritoires = ["canton:4104"]', "impossible pour le rôle"),
    ('email = "a@b.fr"\nrole = "direction"\nterritoires = ["mdcs:BLO"]', "sans liste"),
    ('email = "a@b.fr"\nrole = "elu"\nterritoires = ["canton:9999"]', "inconnu"),
    ('email = "a@b.fr"\nrole = "elu"\nterritoires = ["canton"]', "invalide"),
    ('email = "a@b.fr"\nrole = "direction"\nequipe = "x"', "clé inconnue « equipe »"),
])
def test_bad_rules_are_refused(ref, rule, message):
    with pytest.raises(HabilitationsInvalides, match=message) as e:
        parse(f"[[habilitation]]\n{rule}\n", ref, "toml", "hab.toml")
    assert "hab.toml, règle 1" in str(e.value)


def test_unreadable_files(ref, tmp_path):
    with pytest.raises(HabilitationsInvalides, match="introuvable"):
        load(tmp_path / "absent.toml", ref)
    with pytest.raises(HabilitationsInvalides, match="TOML illisible"):
        parse("[[habilitation]\n", ref, "toml")
    with pytest.raises(HabilitationsInvalides, match="section inconnue"):
        parse("[habilitations]\nx = 1\n", ref, "toml")
