"""Parcours of the persons soumis aux droits et devoirs: orientations (and EP réorientations),
CER, rendez-vous, EP saisines, freins périphériques, Job41 registrations.

Everything is built per *person-period* (a person of a foyer during one of its droit periods), in
vectorised draws. Dates are integer days; :data:`NULL` marks a missing date.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from data.demo import calibration as cal
from data.demo.droits import D_EXT, OPEN, Periods
from data.demo.outils import interp_dates, jour
from data.demo.population import HAS_CHILDREN, IS_COUPLE, Population
from data.demo.territoire import Territoire

NULL = -1
FAR = np.iinfo(np.int32).max
HISTORY_FROM = jour(date(2014, 1, 1))  # records older than this are not generated
ORGS = tuple(cal.ORGANISMES)
ORG_FT, ORG_ML = ORGS.index("france_travail"), ORGS.index("mission_locale")
ACC_MEAN = np.array([{"france_travail": 26, "mdcs": 18, "cias_ccas": 21, "sise": 15,
                      "mission_locale": 20, "prestataire": 14, "autre": 25}[o] for o in ORGS], float)


@dataclass(frozen=True)
class PersonPeriods:
    person: np.ndarray
    period: np.ndarray
    ouverture: np.ndarray
    end: np.ndarray  # fin of the period, or FAR while open
    foyer: np.ndarray
    conjoint: np.ndarray


def person_periods(pop: Population, per: Periods) -> PersonPeriods:
    nf = pop.foyer_unit.size
    first = np.searchsorted(pop.pers_foyer, np.arange(nf))
    count = np.bincount(pop.pers_foyer, minlength=nf)
    f = pop.foyer_of_period
    k = count[f]
    period = np.repeat(np.arange(f.size), k)
    offset = np.arange(period.size) - np.repeat(np.cumsum(k) - k, k)
    person = first[f[period]] + offset
    end = np.where(per.fin == OPEN, FAR, per.fin)
    return PersonPeriods(person, period, per.ouverture[period], end[period], f[period],
                         pop.pers_conjoint[person])


def _age_at(pop: Population, person: np.ndarray, day: np.ndarray) -> np.ndarray:
    return (day - pop.pers_naissance[person]) / 365.25


@dataclass
class Orientations:
    person: np.ndarray
    pp: np.ndarray  # person-period row
    day: np.ndarray
    org: np.ndarray  # index into ORGS
    origine: np.ndarray  # "espace_rsa" / "equipe_pluridisciplinaire" / "autre"
    acc: np.ndarray  # date_debut_accompagnement or NULL


def first_orientations(rng: np.random.Generator, pop: Population, pp: PersonPeriods) -> Orientations:
    n = pp.person.size
    mean = interp_dates(cal.DELAI_ORIENTATION, pp.ouverture)
    delay = np.floor(rng.gamma(2.2, mean / 2.2)).astype(np.int64)
    # a conjoint is usually oriented on the allocataire's day
    same = pp.conjoint & (rng.random(n) < 0.7)
    prev_delay = np.roll(delay, 1)
    delay = np.where(same, prev_delay, delay)
    day = pp.ouverture + delay
    ok = (rng.random(n) >= cal.PART_JAMAIS_ORIENTES) & (day < pp.end) & (day <= D_EXT)
    rows = np.flatnonzero(ok)
    day = day[rows]
    org_p = np.array([cal.ORGANISMES[o] for o in ORGS])  # read now: the département's demo
    org = rng.choice(len(ORGS), size=rows.size, p=org_p / org_p.sum())
    young = _age_at(pop, pp.person[rows], day) < 26
    org = np.where(young & (rng.random(rows.size) < 0.45), ORG_ML, org)
    origine = np.where(day >= jour(cal.DEBUT_ESPACES_RSA),
                       np.where(rng.random(rows.size) < 0.92, "espace_rsa", "autre"), "autre")
    acc = _accompaniment(rng, day, org)
    return Orientations(pp.person[rows], rows, day, org, origine.astype(object), acc)


def _accompaniment(rng: np.random.Generator, day: np.ndarray, org: np.ndarray) -> np.ndarray:
    acc = day + np.floor(rng.gamma(2.0, ACC_MEAN[org] / 2.0)).astype(np.int64)
    never = rng.random(day.size) < 0.06
    return np.where(never | (acc > D_EXT), NULL, acc)


@dataclass
class Saisines:
    person: np.ndarray
    day: np.ndarray
    motif: np.ndarray
    prescripteur: np.ndarray
    passage: np.ndarray
    decision: np.ndarray  # object, None when not yet decided
    notification: np.ndarray


EP_MOTIFS = ("absence_cer", "absence_rdv", "non_respect_obligations", "reorientation", "autre")
EP_MOTIF_P = (0.30, 0.25, 0.20, 0.20, 0.05)
DECISIONS = ("maintien", "reduction", "suspension", "radiation", "classement", "reorientation")
DECISION_SANCTION_P = (0.30, 0.33, 0.12, 0.05, 0.20, 0.0)
DECISION_REORIENT_P = (0.28, 0.0, 0.0, 0.0, 0.04, 0.68)


def saisines(rng: np.random.Generator, pp: PersonPeriods, ori: Orientations) -> tuple[Saisines, np.ndarray]:
    """EP saisines of oriented person-periods (and the orientation row each one follows)."""
    lo = ori.day + 90
    hi = np.minimum(pp.end[ori.pp], D_EXT) - 1
    years = np.maximum(hi - lo, 0) / 365.25
    frailty = rng.gamma(0.6, 1 / 0.6, size=lo.size)
    k = rng.poisson(0.075 * years * frailty)
    src = np.repeat(np.arange(lo.size), k)
    day = lo[src] + np.floor(rng.random(src.size) * (hi[src] - lo[src] + 1)).astype(np.int64)
    keep = day >= HISTORY_FROM
    src, day = src[keep], day[keep]
    n = src.size
    motif = rng.choice(len(EP_MOTIFS), size=n, p=EP_MOTIF_P)
    presc = np.array([o if o in ("mdcs", "cias_ccas", "france_travail", "mission_locale", "sise")
                      else "autre" for o in ORGS], dtype=object)[ori.org[src]]
    passage = day + rng.integers(14, 61, size=n)
    reo = motif == EP_MOTIFS.index("reorientation")
    dec = np.where(reo, rng.choice(len(DECISIONS), size=n, p=DECISION_REORIENT_P),
                   rng.choice(len(DECISIONS), size=n, p=DECISION_SANCTION_P))
    notif = passage + rng.integers(3, 31, size=n)
    decided = passage <= D_EXT
    decision = np.where(decided, np.array(DECISIONS, dtype=object)[dec], None)
    notif = np.where(decided & (notif <= D_EXT), notif, NULL)
    passage = np.where(decided, passage, NULL)
    s = Saisines(ori.person[src], day, np.array(EP_MOTIFS, dtype=object)[motif], presc, passage,
                 decision, notif)
    return s, src


def reorientations(rng: np.random.Generator, pp: PersonPeriods, ori: Orientations,
                   s: Saisines, src: np.ndarray) -> Orientations:
    """Orientations decided by the EP (origine ``equipe_pluridisciplinaire``)."""
    rows = np.flatnonzero(s.decision == "reorientation")
    base = src[rows]
    day = s.passage[rows] + rng.integers(5, 31, size=rows.size)
    ok = (day < pp.end[ori.pp[base]]) & (day <= D_EXT)
    rows, base, day = rows[ok], base[ok], day[ok]
    was_ft = ori.org[base] == ORG_FT
    social = rng.choice([ORGS.index("mdcs"), ORGS.index("sise"), ORGS.index("cias_ccas")],
                        size=rows.size, p=(0.55, 0.3, 0.15))
    pro = rng.choice([ORG_FT, ORGS.index("sise"), ORGS.index("prestataire")], size=rows.size,
                     p=(0.6, 0.2, 0.2))
    org = np.where(was_ft, social, pro)
    origine = np.full(rows.size, "equipe_pluridisciplinaire", dtype=object)
    return Orientations(ori.person[base], ori.pp[base], day, org, origine,
                        _accompaniment(rng, day, org))


def concat_orientations(a: Orientations, b: Orientations) -> Orientations:
    o = Orientations(*(np.concatenate([getattr(a, f), getattr(b, f)]) for f in
                       ("person", "pp", "day", "org", "origine", "acc")))
    order = np.lexsort((o.day, o.person))
    return Orientations(*(getattr(o, f)[order] for f in
                          ("person", "pp", "day", "org", "origine", "acc")))


@dataclass
class Cers:
    person: np.ndarray
    signature: np.ndarray
    fin: np.ndarray


def cers(rng: np.random.Generator, pp: PersonPeriods, ori: Orientations) -> Cers:
    """Chains of CER after each orientation not to France Travail, renewed (with gaps) until the
    period ends, the next orientation or the extraction."""
    nxt_same = np.r_[ori.person[1:] == ori.person[:-1], False]
    next_day = np.where(nxt_same, np.r_[ori.day[1:], FAR], FAR)
    stop = np.minimum(np.minimum(pp.end[ori.pp], next_day), D_EXT + 1)
    eligible = (ori.org != ORG_FT) & (rng.random(ori.day.size) >= 0.07)
    idx = np.flatnonzero(eligible)
    sig = ori.day[idx] + np.floor(rng.gamma(1.6, 38 / 1.6, size=idx.size)).astype(np.int64)
    persons, sigs, fins = [], [], []
    active = sig < stop[idx]
    while active.any():
        idx, sig = idx[active], sig[active]
        months = rng.choice([3, 6, 12], size=idx.size, p=(0.25, 0.5, 0.25))
        fin = sig + np.round(months * 30.44).astype(np.int64) - 1
        persons.append(ori.person[idx])
        sigs.append(sig)
        fins.append(fin)
        renew = rng.random(idx.size) < 0.9
        sig = fin + 1 + np.floor(rng.exponential(25.0, size=idx.size)).astype(np.int64)
        active = renew & (sig < stop[idx])
    c = Cers(np.concatenate(persons), np.concatenate(sigs), np.concatenate(fins))
    keep = c.fin >= HISTORY_FROM
    return Cers(c.person[keep], c.signature[keep], c.fin[keep])


@dataclass
class Rdvs:
    person: np.ndarray
    day: np.ndarray
    type_rdv: np.ndarray
    statut: np.ndarray


STATUTS = ("honore", "absent", "excuse", "annule")


def rendez_vous(rng: np.random.Generator, pp: PersonPeriods, ori: Orientations) -> Rdvs:
    start = jour(cal.DATE_DEBUT)
    parts = []
    # the first appointment of every entrant: espace RSA from October 2018, evaluation before
    first = pp.ouverture + rng.integers(3, 25, size=pp.person.size)
    ok = (first >= start) & (first <= D_EXT) & (first < pp.end) & (rng.random(first.size) < 0.9)
    typ = np.where(pp.ouverture >= jour(cal.DEBUT_ESPACES_RSA), "espace_rsa", "autre")
    parts.append((pp.person[ok], first[ok], typ[ok]))
    # referent appointments during the accompaniment
    acc = np.where(ori.acc == NULL, ori.day + 20, ori.acc)
    lo = np.maximum(acc, start)
    hi = np.minimum(np.minimum(pp.end[ori.pp], D_EXT + 1), np.r_[
        np.where(ori.person[1:] == ori.person[:-1], ori.day[1:], FAR), FAR]) - 1
    span = np.maximum(hi - lo, 0)
    k = rng.poisson(span / 110.0)
    src = np.repeat(np.arange(lo.size), k)
    day = lo[src] + np.floor(rng.random(src.size) * (span[src] + 1)).astype(np.int64)
    typ = np.where(rng.random(src.size) < 0.88, "referent", "autre")
    parts.append((ori.person[src], day, typ))
    # information collective for a quarter of the oriented
    ic = rng.random(ori.day.size) < 0.25
    day = ori.day + rng.integers(10, 120, size=ori.day.size)
    ic &= (day >= start) & (day <= D_EXT) & (day < pp.end[ori.pp])
    parts.append((ori.person[ic], day[ic], np.full(ic.sum(), "information_collective")))
    person = np.concatenate([p[0] for p in parts])
    day = np.concatenate([p[1] for p in parts])
    typ = np.concatenate([p[2] for p in parts]).astype(object)
    p_abs = np.where(typ == "espace_rsa", 0.24, np.where(typ == "information_collective", 0.27, 0.18))
    u = rng.random(person.size)
    statut = np.where(u < p_abs, 1, np.where(u < p_abs + 0.09, 2, np.where(u < p_abs + 0.13, 3, 0)))
    return Rdvs(person, day, typ, np.array(STATUTS, dtype=object)[statut])


@dataclass
class Freins:
    person: np.ndarray
    type_frein: np.ndarray
    diagnostic: np.ndarray
    levee: np.ndarray


def freins(rng: np.random.Generator, pop: Population, terr: Territoire, pp: PersonPeriods,
           ori: Orientations) -> Freins:
    first = ori.origine != "equipe_pluridisciplinaire"
    rows = np.flatnonzero(first)
    diag = np.where(ori.acc[rows] == NULL, ori.day[rows] + 7, ori.acc[rows])
    person = ori.person[rows]
    foyer = pop.pers_foyer[person]
    cpop = terr.commune_population[pop.foyer_unit[foyer]]
    sit = pop.foyer_situation[foyer]
    single_parent = HAS_CHILDREN[sit] & ~IS_COUPLE[sit]
    older = _age_at(pop, person, diag) >= 50
    probs = {
        "mobilite": np.where(cpop < 3000, 0.46, np.where(cpop < 10000, 0.30, 0.15)),
        "garde_enfants": np.where(single_parent, 0.36, np.where(HAS_CHILDREN[sit], 0.14, 0.0)),
        "sante": np.where(older, 0.32, 0.19),
        "logement": np.where(cpop >= 10000, 0.17, 0.10),
        "numerique": np.where(older, 0.30, 0.14),
        "savoirs_de_base": np.full(rows.size, 0.09),
        "ressources": np.full(rows.size, 0.24),
        "autre": np.full(rows.size, 0.05),
    }
    ps, ts, ds = [], [], []
    for name, p in probs.items():
        hit = (rng.random(rows.size) < p) & (diag >= HISTORY_FROM) & (diag <= D_EXT)
        ps.append(person[hit])
        ts.append(np.full(hit.sum(), name, dtype=object))
        ds.append(diag[hit])
    person, typ, diag = np.concatenate(ps), np.concatenate(ts), np.concatenate(ds)
    lift = diag + rng.integers(45, 600, size=diag.size)
    lifted = (rng.random(diag.size) < np.where(typ == "garde_enfants", 0.5, 0.38)) & (lift <= D_EXT)
    order = np.lexsort((typ.astype(str), diag, person))
    return Freins(person[order], typ[order], diag[order], np.where(lifted, lift, NULL)[order])


@dataclass
class Inscriptions:
    person: np.ndarray
    day: np.ndarray
    cv: np.ndarray
    propositions: np.ndarray


def job41(rng: np.random.Generator, pp: PersonPeriods, ori: Orientations) -> Inscriptions:
    """One registration per person, yearly quotas from January 2017, among the oriented with a
    professional or socio-professional orientation."""
    pro = np.isin(np.array([cal.TYPE_DE_ORGANISME[o] for o in ORGS])[ori.org],
                  ["professionnelle", "socio_professionnelle"])
    taken = np.zeros(int(pp.person.max()) + 1, dtype=bool)
    ps, ds, years = [], [], []
    for year, n in cal.JOB41_INSCRIPTIONS.items():
        y0, y1 = jour(date(year, 1, 1)), min(jour(date(year, 12, 31)), D_EXT - 1)
        lo = np.maximum(ori.day, y0)
        hi = np.minimum(pp.end[ori.pp] - 1, y1)
        cand = np.flatnonzero(pro & (lo <= hi) & ~taken[ori.person])
        cand = cand[np.unique(ori.person[cand], return_index=True)[1]]
        pick = rng.choice(cand, size=min(n, cand.size), replace=False)
        taken[ori.person[pick]] = True
        day = lo[pick] + np.floor(rng.random(pick.size) * (hi[pick] - lo[pick] + 1)).astype(np.int64)
        ps.append(ori.person[pick])
        ds.append(day)
        years.append(np.full(pick.size, year))
    person, day, year = np.concatenate(ps), np.concatenate(ds), np.concatenate(years)
    early = year <= 2018
    cv = rng.random(person.size) < np.where(early, 0.87, 0.8)
    props = rng.poisson(np.where(early, 0.22, 0.6))
    order = np.argsort(person, kind="stable")
    return Inscriptions(person[order], day[order], cv[order], props[order])
