"""Droit periods of the demo's foyers, 2015-2026, built around the published 31/12/2017 stock.

Three groups of periods:
- the *stock at the anchor* (31/12/2017): exact quotas per (MDCS × canton) cell, situation
  familiale and ancienneté band; their exits after the anchor follow an ancienneté-dependent hazard;
- the periods *closed before the anchor*: the stock of January 2015 that leaves during 2015-2017
  (sized so that June 2016 hits its target) and the 2015-2017 entrants who leave before 2018;
- the periods *opened after the anchor*: a month-by-month simulation whose entries (new foyers and
  returns, with seasonality) keep the stock on its target trajectory.
Returns: some later periods are given the foyer of an earlier, closed one (never overlapping, at
least a month apart). Exits fall on the first day of a month (first day without entitlement).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from data.demo import calibration as cal
from data.demo.outils import (
    first_of_next_month,
    interp_dates,
    jour,
    labels_by_quota,
    month_index,
    month_start_day,
    quotas,
    seasonal_days,
)

ANCRE = jour(cal.ANCRAGE)
D_EXT = jour(cal.DATE_EXTRACTION)
OPEN = -1  # date_fin of a period still open
MOTIFS = ("reprise_activite", "ressources_superieures", "non_renouvellement",
          "demenagement_hors_departement", "sanction", "deces", "autre")
MOTIF_SHARES = (0.42, 0.20, 0.14, 0.08, 0.04, 0.02, 0.10)
# Relative chance of a return after an exit of each motif (normalised to PART_RETOURS).
MOTIF_RETOUR = (1.2, 1.0, 1.3, 0.0, 1.0, 0.0, 1.0)


@dataclass
class Periods:
    """Parallel arrays, one row per droit period."""

    ouverture: np.ndarray  # day
    fin: np.ndarray  # day or OPEN
    groupe: np.ndarray  # 0 stock at the anchor, 1 closed before, 2 opened after
    ancre: np.ndarray  # index in the anchor stock (or -1)
    prev: np.ndarray  # index of the foyer's previous period (or -1)


def _durations(rng: np.random.Generator, n: int) -> np.ndarray:
    """Length in days of a new period: short, medium and long stays."""
    kind = rng.choice(3, size=n, p=(0.36, 0.40, 0.24))
    mean = np.array([230.0, 900.0, 3200.0])[kind]
    return np.maximum(cal.DUREE_MIN_J, rng.exponential(mean)).astype(np.int64)


def _fin_after(open_day: np.ndarray, duration: np.ndarray) -> np.ndarray:
    fin = first_of_next_month(open_day + duration)
    return np.where(fin >= D_EXT, OPEN, fin)


def anchor_openings(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Ancienneté band (index) and opening day of each foyer of the anchor stock."""
    bands = cal.ANCIENNETE_2017
    band = labels_by_quota(rng, n, list(range(len(bands))), [b[1] for b in bands]).astype(np.int64)
    lo = np.array([jour(b[2]) for b in bands])[band]
    hi = np.array([jour(b[3]) for b in bands])[band]
    day = seasonal_days(rng, lo, hi, cal.SAISONNALITE)
    old = band == len(bands) - 1  # > 5 years: more recent openings more frequent
    day[old] = lo[old] + np.floor((hi[old] - lo[old]) * np.sqrt(rng.random(old.sum()))).astype(np.int64)
    return band, day


def anchor_exits(rng: np.random.Generator, band: np.ndarray) -> np.ndarray:
    p = np.array([cal.SORTIE_ANNUELLE_ANCRAGE[b[0]] for b in cal.ANCIENNETE_2017])[band]
    rate = -np.log1p(-p) / 365.25
    t = rng.exponential(1.0 / rate).astype(np.int64)
    return _fin_after(np.full(band.size, ANCRE + 1), t)


def _months(d0: date, d1: date) -> np.ndarray:
    return np.arange(month_index(np.array([jour(d0)]))[0], month_index(np.array([jour(d1)]))[0] + 1)


def before_anchor(rng: np.random.Generator, a_open: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Periods closed before the anchor: (ouverture, fin) of the 2015-2017 entrants who leave
    before 2018, then of the January 2015 stock who leave during 2015-2017."""
    last_fin = jour(date(2017, 12, 1))
    months = _months(cal.DATE_DEBUT, date(2017, 12, 1))
    a_month = month_index(a_open)
    opens, fins = [], []
    for m in months:
        year = int(m // 12 + 1970)
        target = cal.ENTREES_MENSUELLES_2015_2017[year - 2015] * cal.SAISONNALITE[int(m % 12)]
        start, end = month_start_day(np.array([m, m + 1]))
        n = int(round(target - np.count_nonzero(a_month == m)))
        if n <= 0 or start + cal.DUREE_MIN_J > last_fin:
            continue
        o = start + rng.integers(0, end - start, size=n)
        o = np.minimum(o, last_fin - cal.DUREE_MIN_J)
        f = first_of_next_month(o + _durations(rng, n))
        late = f > last_fin
        if late.any():  # leaves before 2018 by construction: redraw the exit month
            lo = month_index(first_of_next_month(o[late] + cal.DUREE_MIN_J))
            hi = month_index(np.array([last_fin]))[0]
            f[late] = month_start_day(lo + np.floor(rng.random(late.sum()) * (hi - lo + 1)).astype(np.int64))
        opens.append(o)
        fins.append(f)
    b1_open, b1_fin = np.concatenate(opens), np.concatenate(fins)

    # Stock of January 2015 leaving in 2015-2017: exits decline month after month; its size is
    # what makes the end-of-June 2016 stock hit its target.
    juin = jour(date(2016, 6, 30))
    exit_months = _months(cal.DATE_DEBUT, date(2017, 12, 1))
    profile = np.exp(-np.arange(exit_months.size) / 45.0)
    exit_days = month_start_day(exit_months)
    after = profile[exit_days > juin].sum() / profile.sum()
    present = (np.count_nonzero(a_open <= juin)
               + np.count_nonzero((b1_open <= juin) & (b1_fin > juin)))
    n_b0 = max(0, int(round((cal.STOCK_JUIN_2016 - present) / after)))
    b0_fin = np.repeat(exit_days, quotas(n_b0, profile))
    lo, hi = jour(cal.DEBUT_RSA), jour(date(2014, 12, 31))
    b0_open = lo + np.floor((hi - lo) * np.sqrt(rng.random(n_b0))).astype(np.int64)
    b0_open = np.minimum(b0_open, b0_fin - cal.DUREE_MIN_J)
    return np.concatenate([b1_open, b0_open]), np.concatenate([b1_fin, b0_fin])


def match_returns(rng: np.random.Generator, later_open: np.ndarray, later_idx: np.ndarray,
                  earlier_fin: np.ndarray, earlier_idx: np.ndarray, share: float,
                  prev: np.ndarray) -> None:
    """Make a share of the ``later`` periods returns of a foyer whose ``earlier`` period closed
    1 to 30 months before; sets ``prev[later] = earlier`` (each earlier period used once)."""
    pick = later_idx[rng.random(later_idx.size) < share]
    pick_open = later_open[np.searchsorted(later_idx, pick)] if pick.size else pick
    order = np.argsort(pick_open, kind="stable")
    e_order = np.argsort(earlier_fin, kind="stable")
    e_fin, e_idx = earlier_fin[e_order], earlier_idx[e_order]
    used = np.zeros(e_fin.size, dtype=bool)
    draws = rng.random((pick.size, 6))
    for k, i in enumerate(order):
        o = pick_open[i]
        lo = np.searchsorted(e_fin, o - 900, side="left")
        hi = np.searchsorted(e_fin, o - 31, side="right")
        if hi <= lo:
            continue
        for u in draws[k]:
            j = lo + int(u * (hi - lo))
            if not used[j] and prev[e_idx[j]] != pick[i] and e_idx[j] != pick[i]:
                used[j] = True
                prev[pick[i]] = e_idx[j]
                break


def _motifs(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.choice(len(MOTIFS), size=n, p=MOTIF_SHARES)


def simulate_after(rng: np.random.Generator, per: Periods, motif: np.ndarray,
                   has_next: np.ndarray) -> tuple[Periods, np.ndarray]:
    """Month-by-month entries from January 2018 to October 2026 keeping the stock on target."""
    months = _months(date(2018, 1, 1), date(2026, 10, 1))
    m0, nm = months[0], months.size
    exits = np.zeros(nm + 1, dtype=np.int64)
    ret_month: list[np.ndarray] = []
    ret_prev: list[np.ndarray] = []
    ret_day: list[np.ndarray] = []
    ret_share = cal.PART_RETOURS / np.dot(MOTIF_SHARES, MOTIF_RETOUR)

    def schedule(idx: np.ndarray, fin: np.ndarray, mot: np.ndarray, eligible: np.ndarray,
                 factor: float = 1.0) -> None:
        closed = fin != OPEN
        mm = month_index(np.where(closed, fin, 0)) - m0
        ok = closed & (mm >= 0) & (mm < nm)
        np.add.at(exits, mm[ok], 1)
        p = ret_share * factor * np.array(MOTIF_RETOUR)[mot]
        back = closed & eligible & (rng.random(idx.size) < p)
        day = fin + 31 + rng.exponential(330.0, size=idx.size).astype(np.int64)
        back &= (day > ANCRE) & (day < D_EXT - 1)
        ret_month.append(month_index(day[back]) - m0)
        ret_prev.append(idx[back])
        ret_day.append(day[back])

    n0 = per.ouverture.size
    all_idx = np.arange(n0)
    schedule(all_idx[per.groupe == 0], per.fin[per.groupe == 0], motif[per.groupe == 0],
             np.ones((per.groupe == 0).sum(), dtype=bool))
    g1 = per.groupe == 1
    schedule(all_idx[g1], per.fin[g1], motif[g1], ~has_next[g1], factor=0.5)

    knots = [(cal.ANCRAGE, float(np.count_nonzero(per.groupe == 0)))] + [
        (d, float(v)) for d, v in cal.STOCK_CIBLES]
    month_end = month_start_day(months + 1) - 1
    target = interp_dates(knots, month_end)
    # seasonal entries (about 185 a month on average) make the stock ripple around its trend
    season = np.array(cal.SAISONNALITE)[months % 12] - 1.0
    ripple = np.cumsum(season)
    target = target + cal.RIPPLE * (ripple - ripple[:12].mean())
    stock = float(np.count_nonzero(per.groupe == 0))
    new_open, new_fin, new_prev, new_mot = [], [], [], []
    next_idx = n0
    for k, m in enumerate(months):
        rm = np.concatenate([a for a in ret_month]) if ret_month else np.empty(0, np.int64)
        rp = np.concatenate(ret_prev)
        rd = np.concatenate(ret_day)
        here = rm == k
        r_prev, r_day = rp[here], rd[here]
        ret_month, ret_prev, ret_day = [rm[~here]], [rp[~here]], [rd[~here]]
        need = target[k] - (stock - exits[k] + r_prev.size)
        n_new = max(0, int(round(need)))
        start, end = month_start_day(np.array([m, m + 1]))
        o = np.concatenate([r_day, start + rng.integers(0, end - start, size=n_new)])
        prev = np.concatenate([r_prev, np.full(n_new, -1)])
        n = o.size
        f = _fin_after(o, _durations(rng, n))
        mot = _motifs(rng, n)
        idx = np.arange(next_idx, next_idx + n)
        next_idx += n
        schedule(idx, f, mot, np.ones(n, dtype=bool))
        new_open.append(o)
        new_fin.append(f)
        new_prev.append(prev)
        new_mot.append(mot)
        stock = stock - exits[k] + n
    o = np.concatenate(new_open)
    out = Periods(np.concatenate([per.ouverture, o]), np.concatenate([per.fin, np.concatenate(new_fin)]),
                  np.concatenate([per.groupe, np.full(o.size, 2)]),
                  np.concatenate([per.ancre, np.full(o.size, -1)]),
                  np.concatenate([per.prev, np.concatenate(new_prev)]))
    return out, np.concatenate([motif, np.concatenate(new_mot)])


def build_periods(rng: np.random.Generator, n_anchor: int) -> tuple[Periods, np.ndarray, np.ndarray]:
    """All periods, their motif de fin (index into MOTIFS, meaningful when closed) and the
    ancienneté band of the anchor stock."""
    band, a_open = anchor_openings(rng, n_anchor)
    a_fin = anchor_exits(rng, band)
    b_open, b_fin = before_anchor(rng, a_open)
    na, nb = a_open.size, b_open.size
    per = Periods(np.concatenate([a_open, b_open]), np.concatenate([a_fin, b_fin]),
                  np.concatenate([np.zeros(na, np.int64), np.ones(nb, np.int64)]),
                  np.concatenate([np.arange(na), np.full(nb, -1)]), np.full(na + nb, -1))
    # Returns before the anchor: 2015-2017 openings (anchor stock or closed since) whose foyer had
    # an earlier period closed in 2015-2017.
    idx = np.arange(na + nb)
    later = idx[per.ouverture >= jour(date(2015, 3, 1))]
    earlier = idx[per.groupe == 1]
    match_returns(rng, per.ouverture[later], later, per.fin[earlier], earlier, 0.22, per.prev)
    has_next = np.zeros(na + nb, dtype=bool)
    has_next[per.prev[per.prev >= 0]] = True
    motif = _motifs(rng, na + nb)
    # an exit followed by a return was not a death or a move out of the département
    bad = has_next & np.isin(motif, [3, 5])
    motif[bad] = 0
    per, motif = simulate_after(rng, per, motif, has_next)
    return per, motif, band


def foyer_of(prev: np.ndarray) -> np.ndarray:
    """Foyer key of each period: the index of the first period of its chain of returns."""
    root = np.where(prev >= 0, prev, np.arange(prev.size))
    while True:
        nxt = root[root]
        if np.array_equal(nxt, root):
            return root
        root = nxt
