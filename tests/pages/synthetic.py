"""A small seeded synthetic extraction with every contract table, for the page tests when the
demo generator is not available, and the same without any optional table."""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from data import schema as S
from data.demo.lieux import lieu_table
from data.load import POLARS_TYPES
from data.referentiel import Referentiel, load_referentiel
from data.writer import write_extraction

DATE_EXTRACTION = date(2026, 11, 1)


def _frame(name: str, rows: list[dict]) -> pl.DataFrame:
    spec = S.TABLES[name]
    return pl.DataFrame({c.name: [r.get(c.name) for r in rows] for c in spec.columns},
                        schema={c.name: POLARS_TYPES[c.kind] for c in spec.columns})


def tables(n_foyers: int = 1500, seed: int = 41, optional: bool = True,
           ref: Referentiel | None = None) -> dict[str, pl.DataFrame]:
    """``ref``: the département (Loir-et-Cher's référentiel by default)."""
    rnd = random.Random(seed)
    ref = ref or load_referentiel()
    communes = ref.communes.select("code_insee", "population", "cantons_2015").rows()
    weights = [max(p, 1) for _, p, _ in communes]
    de = DATE_EXTRACTION

    def day(a: date, b: date) -> date:
        return a + timedelta(days=rnd.randint(0, max(0, (b - a).days)))

    foyers, personnes, droits, orient, cers, rdvs, eps, parts, freins, plat, pay = ([] for _ in range(11))
    for f in range(n_foyers):
        fid = f"F{f:05d}"
        com, _, cantons = rnd.choices(communes, weights)[0]
        sit = rnd.choice(S.SITUATIONS_FAMILIALES)
        foyers.append({"id_foyer": fid, "commune_insee": com,
                       "canton_code": rnd.choice(cantons) if len(cantons) > 1 else None,
                       "situation_familiale": sit, "nb_enfants": 0 if "sans" in sit else rnd.randint(1, 3)})
        members = [("allocataire", "F" if sit.startswith("femme") else rnd.choice("FM"))]
        if sit.startswith("couple"):
            members.append(("conjoint", "M" if members[0][1] == "F" else "F"))
        pids = []
        for k, (role, sexe) in enumerate(members):
            pid = f"P{f:05d}{k}"
            pids.append(pid)
            personnes.append({"id_personne": pid, "id_foyer": fid, "role": role, "sexe": sexe,
                              "date_naissance": day(date(1960, 1, 1), date(2004, 1, 1)),
                              "niveau_formation": rnd.choice(S.NIVEAUX_FORMATION)})
        ouv = day(date(2019, 1, 1), de - timedelta(days=20))
        fin = None
        if rnd.random() < 0.45:
            fin = ouv + timedelta(days=rnd.randint(60, 900))
            if fin > de:
                fin = None
        droits.append({"id_droit": f"D{f:05d}", "id_foyer": fid, "date_ouverture": ouv,
                       "date_fin": fin, "motif_fin": rnd.choice(S.MOTIFS_FIN) if fin else None})
        for pid in pids:
            if rnd.random() < 0.85:
                od = ouv + timedelta(days=int(rnd.expovariate(1 / 45)))
                if od <= de and (fin is None or od < fin):
                    org = rnd.choice(S.ORGANISMES)
                    orient.append({"id_orientation": f"O{pid}", "id_personne": pid,
                                   "date_orientation": od,
                                   "type_orientation": rnd.choice(S.TYPES_ORIENTATION),
                                   "organisme": org, "origine": rnd.choice(S.ORIGINES),
                                   "date_debut_accompagnement": (od + timedelta(days=rnd.randint(3, 60)))
                                   if rnd.random() < 0.8 else None})
                    if org != "france_travail" and rnd.random() < 0.6:
                        sd = od + timedelta(days=rnd.randint(5, 90))
                        if sd <= de:
                            cers.append({"id_cer": f"C{pid}", "id_personne": pid, "date_signature": sd,
                                         "date_fin": sd + timedelta(days=365)})
            for r in range(rnd.randint(0, 3)):
                rdvs.append({"id_rdv": f"R{pid}{r}", "id_personne": pid,
                             "date_rdv": day(date(2024, 1, 1), de), "type_rdv": rnd.choice(S.TYPES_RDV),
                             "statut": rnd.choices(S.STATUTS_RDV, [6, 2, 1, 1])[0]})
            if rnd.random() < 0.08:
                sd = day(date(2024, 1, 1), de - timedelta(days=10))
                dec = rnd.random() < 0.8
                eps.append({"id_saisine": f"E{pid}", "id_personne": pid, "date_saisine": sd,
                            "motif": rnd.choice(S.MOTIFS_EP), "prescripteur": rnd.choice(S.PRESCRIPTEURS),
                            "date_passage_ep": sd + timedelta(days=20) if dec else None,
                            "decision": rnd.choice(S.DECISIONS_EP) if dec else None,
                            "date_notification": sd + timedelta(days=rnd.randint(21, 60)) if dec else None})
            if rnd.random() < 0.3:
                dd = day(date(2024, 1, 1), de)
                lev = dd + timedelta(days=rnd.randint(10, 300))
                freins.append({"id_personne": pid, "type_frein": rnd.choice(S.TYPES_FREIN),
                               "date_diagnostic": dd, "date_levee": lev if lev <= de and rnd.random() < 0.5 else None})
            if rnd.random() < 0.2:
                plat.append({"id_personne": pid, "plateforme": "job41",
                             "date_inscription": day(date(2023, 1, 1), de), "cv_depose": rnd.random() < 0.6,
                             "nb_propositions": rnd.randint(0, 6)})
            if rnd.random() < 0.15:
                parts.append({"id_personne": pid, "entree": day(date(2024, 1, 1), de)})
        m = date(max(ouv, date(2024, 1, 1)).year, max(ouv, date(2024, 1, 1)).month, 1)
        while m <= de and (fin is None or m < fin):
            pay.append({"id_foyer": fid, "mois": m, "montant": round(rnd.uniform(300, 900), 2)})
            m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    out = {"extraction": _frame("extraction", [{"date_extraction": de, "departement": ref.departement,
                                                "source": "Synthèse de test"}]),
           "foyer": _frame("foyer", foyers), "personne": _frame("personne", personnes),
           "droit": _frame("droit", droits), "orientation": _frame("orientation", orient)}
    if not optional:
        return out
    actions = []
    for a in range(24):
        actions.append({"id_action": f"A{a:02d}", "libelle": f"Action {a + 1}", "fiche_action": a % 12 + 1,
                        "orientation_pdi": a % 4 + 1, "axe_pdi": a % 14 + 1,
                        "categorie": S.CATEGORIES_ACTION[a % len(S.CATEGORIES_ACTION)],
                        "porteur": f"Porteur {a % 6 + 1}", "territoire": "departement",
                        "commune_insee": None, "annee": 2025 + a % 2, "places_prevues": rnd.randint(10, 60),
                        "budget_prevu": float(rnd.randint(20, 150) * 1000),
                        "budget_realise": float(rnd.randint(15, 140) * 1000)})
    prows = []
    for k, p in enumerate(parts):
        ds = p["entree"] + timedelta(days=rnd.randint(30, 200))
        done = ds <= de
        prows.append({"id_participation": f"PA{k:05d}", "id_personne": p["id_personne"],
                      "id_action": f"A{rnd.randint(0, 23):02d}", "date_entree": p["entree"],
                      "date_sortie": ds if done else None,
                      "resultat": rnd.choice(S.RESULTATS) if done else None})
    fajd = []
    for k in range(400):
        dd = day(date(2024, 1, 1), de - timedelta(days=5))
        dec = rnd.random() < 0.9
        acc = dec and rnd.random() < 0.75
        fajd.append({"id_aide": f"J{k:04d}", "date_demande": dd,
                     "date_decision": dd + timedelta(days=rnd.randint(1, 20)) if dec else None,
                     "commune_insee": rnd.choices(communes, weights)[0][0], "sexe": rnd.choice("FM"),
                     "age": rnd.randint(18, 25), "nature": rnd.choice(S.NATURES_FAJD),
                     "procedure": rnd.choice(S.PROCEDURES_FAJD),
                     "decision": ("accordee" if acc else "refusee") if dec else None,
                     "montant": float(rnd.randint(50, 500)) if acc else None})
    out.update({"cer": _frame("cer", cers), "rendez_vous": _frame("rendez_vous", rdvs),
                "ep_saisine": _frame("ep_saisine", eps), "action": _frame("action", actions),
                "participation": _frame("participation", prows), "frein": _frame("frein", freins),
                "plateforme_emploi": _frame("plateforme_emploi", plat),
                "aide_fajd": _frame("aide_fajd", fajd), "paiement": _frame("paiement", pay),
                "lieu": lieu_table(ref, seed)})
    return out


def write(path: Path, optional: bool = True, n_foyers: int = 1500,
          ref: Referentiel | None = None) -> str:
    url = f"sqlite:///{path}"
    write_extraction(url, tables(n_foyers=n_foyers, optional=optional, ref=ref))
    return url
