"""Places of the insertion offer (table ``lieu``), plausible for any département of the
référentiel, seeded and deterministic.

- Accueil social du Département: in Loir-et-Cher the five MDCS and their seven antennes, in real
  communes (:data:`SITES_41`); elsewhere one site (« Maison du Département ») in the most populous
  commune of each unit of the first level, and an antenne in the most populous commune of each
  canton farther than 12 km from every site.
- France Travail: the arrondissements' chefs-lieux and the towns of 6 000 inhabitants or more that
  are at least 8 km from an agency (two agencies in a town of 40 000 or more).
- Missions locales: the chefs-lieux; a permanence in the main town of each first-level unit
  farther than 10 km from one.
- CCAS in every commune of 3 500 inhabitants or more; a CIAS in the main town of about half of
  the communautés de communes.
- Points numériques publics: every commune of 3 000 inhabitants or more, plus 10 % of the others
  drawn with a probability proportional to their population.
- SIAE (one per ~30 communes) and their towns drawn in proportion to population^1.2; organismes
  de formation in the chefs-lieux and the towns of 10 000 or more.
Places have no coordinates (the contract then uses the commune's point), except the MDCS of 41.
"""
from __future__ import annotations

import numpy as np
import polars as pl

from data.referentiel import Referentiel, load_referentiel

# Loir-et-Cher's MDCS and antennes: type_lieu, nom, commune_insee, latitude, longitude.
SITES_41: tuple[tuple[str, str, str, float | None, float | None], ...] = (
    ("mdcs", "MDCS Blois Agglomération", "41018", 47.5861, 1.3359),
    ("mdcs", "MDCS Vendôme", "41269", 47.7928, 1.0656),
    ("mdcs", "MDCS Nord-Loire – Pays de Chambord (Mer)", "41136", 47.7047, 1.5072),
    ("mdcs", "MDCS Romorantin-Lanthenay", "41194", 47.3586, 1.7414),
    ("mdcs", "MDCS Sud-Loire (Montrichard Val de Cher)", "41151", 47.3436, 1.1853),
    ("antenne_mdcs", "Antenne MDCS de Bracieux", "41025", None, None),
    ("antenne_mdcs", "Antenne MDCS de Montoire-sur-le-Loir", "41149", None, None),
    ("antenne_mdcs", "Antenne MDCS de Mondoubleau", "41143", None, None),
    ("antenne_mdcs", "Antenne MDCS de Saint-Aignan", "41198", None, None),
    ("antenne_mdcs", "Antenne MDCS de Selles-sur-Cher", "41242", None, None),
    ("antenne_mdcs", "Antenne MDCS de Salbris", "41232", None, None),
    ("antenne_mdcs", "Antenne MDCS de Lamotte-Beuvron", "41106", None, None),
)
SEED_STREAM = 14


def _km(lat1, lon1, lat2, lon2) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (np.sin((p2 - p1) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


class _Communes:
    def __init__(self, ref: Referentiel):
        c = ref.communes.join(ref.commune_points(), on="code_insee").sort(
            "population", "code_insee", descending=[True, False])
        self.df = c
        self.code = c["code_insee"].to_list()
        self.nom = dict(zip(self.code, c["nom"].to_list(), strict=True))
        self.pop = dict(zip(self.code, c["population"].to_list(), strict=True))
        self.lat = dict(zip(self.code, c["latitude"].to_list(), strict=True))
        self.lon = dict(zip(self.code, c["longitude"].to_list(), strict=True))

    def far_from(self, code: str, others: list[str], km: float) -> bool:
        if not others:
            return True
        d = _km(self.lat[code], self.lon[code], np.array([self.lat[o] for o in others]),
                np.array([self.lon[o] for o in others]))
        return bool(d.min() >= km)

    def main_town(self, col: str, unit: str) -> str:
        return self.df.filter(pl.col(col) == unit)["code_insee"][0]


def lieu_rows(ref: Referentiel, seed: int = 0) -> list[tuple[str, str, str, float | None, float | None]]:
    """The places of the demo, in a stable order."""
    rng = np.random.default_rng([seed, SEED_STREAM])
    c = _Communes(ref)
    rows: list[tuple[str, str, str, float | None, float | None]] = []

    def add(t: str, nom: str, code: str) -> None:
        rows.append((t, nom, code, None, None))

    chefs = ref.chefs_lieux()["code"].to_list()
    first = ref.premier_niveau
    first_col = ref.niveau(first).colonne_code
    first_units = ref.units(first)["code"].to_list()
    # accueil social du Département
    if ref.departement == "41":
        rows += list(SITES_41)
    else:
        sites = []
        for u in first_units:
            town = c.main_town(first_col, u)
            if town not in sites:
                sites.append(town)
                add("mdcs", f"Maison du Département — {c.nom[town]}", town)
        for k in ref.units("canton")["code"].to_list():
            cand = c.df.filter(pl.col("cantons_2015").list.contains(k))["code_insee"]
            if cand.len() and c.far_from(cand[0], sites, 12.0):
                sites.append(cand[0])
                add("antenne_mdcs", f"Antenne de la Maison du Département — {c.nom[cand[0]]}",
                    cand[0])
    # France Travail
    ft: list[str] = []
    for code in [*chefs, *[x for x in c.code if c.pop[x] >= 6000]]:
        if code in ft or not (code in chefs or c.far_from(code, ft, 8.0)):
            continue
        ft.append(code)
        if c.pop[code] >= 40000:
            add("france_travail", f"France Travail {c.nom[code]} Centre", code)
            add("france_travail", f"France Travail {c.nom[code]} Nord", code)
        else:
            add("france_travail", f"France Travail {c.nom[code]}", code)
    # missions locales
    ml = list(chefs)
    for code in chefs:
        add("mission_locale", f"Mission locale — {c.nom[code]}", code)
    for u in first_units:
        town = c.main_town(first_col, u)
        if c.far_from(town, ml, 10.0):
            ml.append(town)
            add("mission_locale", f"Mission locale — permanence de {c.nom[town]}", town)
    # CCAS, CIAS
    for code in c.code:
        if c.pop[code] >= 3500:
            add("cias_ccas", f"CCAS de {c.nom[code]}", code)
    cc = (ref.communes.filter(pl.col("epci_type") == "CC").group_by("epci_siren")
          .agg(pl.col("epci_nom").first()).sort("epci_siren"))
    for siren, nom in cc.iter_rows():
        if rng.random() < 0.5:
            town = c.main_town("epci_siren", siren)
            add("cias_ccas", f"CIAS — {nom}", town)
    # points numériques publics
    big = [x for x in c.code if c.pop[x] >= 3000]
    rest = [x for x in sorted(c.code) if c.pop[x] < 3000]
    w = np.array([max(c.pop[x], 1) for x in rest], dtype=float)
    n = int(round(0.10 * len(rest)))
    drawn = rng.choice(len(rest), size=n, replace=False, p=w / w.sum()) if n else []
    for code in big + sorted(rest[i] for i in drawn):
        add("point_numerique", f"Point numérique — {c.nom[code]}", code)
    # SIAE
    kinds = ("Atelier et chantier d'insertion", "Entreprise d'insertion", "Association intermédiaire",
             "Ressourcerie")
    codes = sorted(c.code)
    w = np.array([max(c.pop[x], 1) for x in codes], dtype=float) ** 1.2
    for i, j in enumerate(rng.choice(len(codes), size=max(6, len(codes) // 30), p=w / w.sum())):
        add("siae", f"{kinds[i % len(kinds)]} — {c.nom[codes[j]]}", codes[j])
    # organismes de formation
    of = list(dict.fromkeys([*chefs, *[x for x in c.code if c.pop[x] >= 10000]]))
    for code in of:
        add("organisme_formation", f"Organisme de formation — {c.nom[code]}", code)
    # others
    add("autre", f"Épicerie solidaire — {c.nom[c.code[0]]}", c.code[0])
    add("autre", f"Plateforme mobilité — {c.nom[chefs[-1]]}", chefs[-1])
    return rows


def lieu_table(ref: Referentiel | None = None, seed: int = 0) -> pl.DataFrame:
    rows = lieu_rows(ref or load_referentiel(), seed)
    return pl.DataFrame(
        {"id_lieu": [f"L{i:03d}" for i in range(1, len(rows) + 1)],
         "type_lieu": [x[0] for x in rows], "nom": [x[1] for x in rows],
         "commune_insee": [x[2] for x in rows], "latitude": [x[3] for x in rows],
         "longitude": [x[4] for x in rows]},
        schema={"id_lieu": pl.Utf8, "type_lieu": pl.Utf8, "nom": pl.Utf8, "commune_insee": pl.Utf8,
                "latitude": pl.Float64, "longitude": pl.Float64})
