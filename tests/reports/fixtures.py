"""A small seeded extraction built in code for the report tests: ~600 foyers over five MDCS
communes, and one small VEN commune (:data:`SMALL_COMMUNE`) with only 3 foyers, so that every
figure of that commune falls under the secret statistique."""
from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl

DATE_EXTRACTION = date(2026, 1, 15)
BIG_COMMUNES = ("41295", "41194", "41269", "41149", "41242", "41136")  # Vineuil, Romorantin, Vendôme, Montoire, Selles-sur-Cher, Mer
SMALL_COMMUNE = "41012"  # Baillou (VEN, canton Le Perche): only this fixture's 3 foyers
SMALL_FOYERS = 3


def _d(rng: random.Random, a: date, b: date) -> date:
    return a + timedelta(days=rng.randint(0, (b - a).days))


def build_tables(n_foyers: int = 600, seed: int = 41) -> dict[str, pl.DataFrame]:
    rng = random.Random(seed)
    foyers, personnes, droits, orients, cers, rdvs, saisines = [], [], [], [], [], [], []
    sits = ("couple_avec_enfants", "femme_seule_avec_enfants", "homme_seul_sans_enfant",
            "femme_seule_sans_enfant")
    for k in range(n_foyers + SMALL_FOYERS):
        fid = f"F{k:05d}"
        commune = SMALL_COMMUNE if k >= n_foyers else rng.choice(BIG_COMMUNES)
        sit = rng.choice(sits)
        foyers.append(dict(id_foyer=fid, commune_insee=commune, canton_code=None,
                           situation_familiale=sit, nb_enfants=2 if "avec" in sit else 0))
        members = ["allocataire"] + (["conjoint"] if sit.startswith("couple") else [])
        opening = _d(rng, date(2022, 1, 1), date(2025, 12, 20))
        end = opening + timedelta(days=rng.randint(60, 900)) if rng.random() < 0.45 else None
        if end is not None and end > DATE_EXTRACTION:
            end = None
        droits.append(dict(id_droit=f"D{k:05d}", id_foyer=fid, date_ouverture=opening,
                           date_fin=end, motif_fin=rng.choice(("reprise_activite", "autre"))
                           if end else None))
        for j, role in enumerate(members):
            pid = f"P{k:05d}{j}"
            personnes.append(dict(id_personne=pid, id_foyer=fid, role=role,
                                  sexe="F" if (role == "allocataire") == ("femme" in sit) else "M",
                                  date_naissance=_d(rng, date(1960, 1, 1), date(2003, 1, 1)),
                                  niveau_formation=rng.choice(("infra_3", "3", "4", None))))
            if rng.random() < 0.85:
                do = opening + timedelta(days=rng.randint(5, 120))
                if do <= DATE_EXTRACTION:
                    org = rng.choice(("mdcs", "france_travail", "sise", "cias_ccas"))
                    orients.append(dict(
                        id_orientation=f"O{k:05d}{j}", id_personne=pid, date_orientation=do,
                        type_orientation=rng.choice(("sociale", "socio_professionnelle",
                                                     "professionnelle")),
                        organisme=org, origine="espace_rsa",
                        date_debut_accompagnement=do + timedelta(days=rng.randint(3, 40))))
                    if org != "france_travail" and rng.random() < 0.6:
                        ds = do + timedelta(days=rng.randint(5, 70))
                        if ds <= DATE_EXTRACTION:
                            cers.append(dict(id_cer=f"C{k:05d}{j}", id_personne=pid,
                                             date_signature=ds, date_fin=ds + timedelta(days=365)))
            for r in range(rng.randint(0, 3)):
                rdvs.append(dict(id_rdv=f"R{k:05d}{j}{r}", id_personne=pid,
                                 date_rdv=_d(rng, opening, DATE_EXTRACTION),
                                 type_rdv=rng.choice(("espace_rsa", "referent")),
                                 statut=rng.choice(("honore", "honore", "absent", "excuse"))))
            if rng.random() < 0.08:
                dsz = _d(rng, opening, DATE_EXTRACTION)
                saisines.append(dict(id_saisine=f"S{k:05d}{j}", id_personne=pid, date_saisine=dsz,
                                     motif="absence_cer", prescripteur="mdcs",
                                     date_passage_ep=None, decision=None, date_notification=None))
    schema_date = {"date_fin": pl.Date, "motif_fin": pl.Utf8, "canton_code": pl.Utf8,
                   "niveau_formation": pl.Utf8, "date_passage_ep": pl.Date, "decision": pl.Utf8,
                   "date_notification": pl.Date}

    def df(rows: list[dict]) -> pl.DataFrame:
        cols = rows[0].keys()
        return pl.DataFrame(rows, schema_overrides={c: t for c, t in schema_date.items() if c in cols},
                            infer_schema_length=None)

    return {
        "extraction": pl.DataFrame({"date_extraction": [DATE_EXTRACTION], "departement": ["41"],
                                    "source": ["test rapports"]}),
        "foyer": df(foyers), "personne": df(personnes), "droit": df(droits),
        "orientation": df(orients), "cer": df(cers), "rendez_vous": df(rdvs),
        "ep_saisine": df(saisines),
    }
