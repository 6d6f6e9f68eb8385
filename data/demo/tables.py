"""Assemble the generated arrays into the contract's tables (polars DataFrames, contract column
names and types, pseudonymous ids, rows in id order)."""
from __future__ import annotations

import numpy as np
import polars as pl

from data.demo import calibration as cal
from data.demo.actions import Actions
from data.demo.droits import MOTIFS, OPEN, Periods
from data.demo.fajd import Aides
from data.demo.paiement import Paiements
from data.demo.parcours import NULL, ORGS, Cers, Freins, Inscriptions, Orientations, Rdvs, Saisines
from data.demo.population import Population
from data.demo.territoire import Territoire
from data.schema import SITUATIONS_FAMILIALES, TABLES


def _date(days: np.ndarray, null: int | None = None) -> pl.Series:
    s = pl.Series(np.asarray(days, dtype=np.int32)).cast(pl.Date)
    if null is not None:
        s = pl.select(pl.when(pl.lit(pl.Series(np.asarray(days) == null))).then(None)
                      .otherwise(s)).to_series()
    return s


def ids(prefix: str, n: int, width: int = 7) -> pl.Series:
    """``prefix`` + a zero-padded number, 1 to n."""
    num = pl.int_range(1, n + 1, eager=True).cast(pl.Utf8).str.zfill(width)
    return pl.select(pl.lit(prefix) + num).to_series()


def _labels(labels, codes: np.ndarray) -> pl.Series:
    """Text column from integer codes into ``labels`` (or from an object/str array)."""
    if codes.dtype.kind in "iu":
        return pl.Series(list(labels), dtype=pl.Utf8).gather(codes)
    return pl.Series(codes.tolist(), dtype=pl.Utf8)


def _frame(name: str, data: dict) -> pl.DataFrame:
    """A table with exactly the contract's columns, in order."""
    return pl.DataFrame(data).select(TABLES[name].column_names)


def build_tables(terr: Territoire, pop: Population, per: Periods, motif: np.ndarray,
                 ori: Orientations, cer: Cers, rdv: Rdvs, ep: Saisines, act: Actions,
                 fr: Freins, job: Inscriptions, fajd: Aides, pay: Paiements,
                 lieux: pl.DataFrame) -> dict[str, pl.DataFrame]:
    nf, npers = pop.foyer_unit.size, pop.pers_foyer.size
    fid, pid = ids("F", nf), ids("P", npers)
    t: dict[str, pl.DataFrame] = {}
    t["extraction"] = pl.DataFrame({"date_extraction": [cal.DATE_EXTRACTION],
                                    "departement": [cal.DEPARTEMENT], "source": [cal.SOURCE]})
    split = terr.split[pop.foyer_unit]
    canton = _labels(terr.canton, pop.foyer_unit)
    t["foyer"] = _frame("foyer", {
        "id_foyer": fid, "commune_insee": _labels(terr.commune, pop.foyer_unit),
        "canton_code": pl.select(pl.when(pl.lit(pl.Series(split & ~pop.foyer_canton_missing)))
                                 .then(canton)).to_series(),
        "situation_familiale": _labels(SITUATIONS_FAMILIALES, pop.foyer_situation),
        "nb_enfants": pop.foyer_enfants.astype(np.int64)})
    t["personne"] = _frame("personne", {
        "id_personne": pid, "id_foyer": fid.gather(pop.pers_foyer),
        "role": _labels(("allocataire", "conjoint"), pop.pers_conjoint.astype(np.int64)),
        "sexe": _labels(("F", "M"), (pop.pers_sexe == "M").astype(np.int64)),
        "date_naissance": _date(pop.pers_naissance),
        "niveau_formation": pl.Series(pop.pers_formation.tolist(), dtype=pl.Utf8)})

    f = pop.foyer_of_period
    o = np.lexsort((per.ouverture, f))
    closed = per.fin[o] != OPEN
    t["droit"] = _frame("droit", {
        "id_droit": ids("D", o.size), "id_foyer": fid.gather(f[o]), "date_ouverture": _date(per.ouverture[o]),
        "date_fin": _date(per.fin[o], null=OPEN),
        "motif_fin": pl.select(pl.when(pl.lit(pl.Series(closed)))
                               .then(_labels(MOTIFS, motif[o]))).to_series()})

    t["orientation"] = _frame("orientation", {
        "id_orientation": ids("O", ori.day.size), "id_personne": pid.gather(ori.person),
        "date_orientation": _date(ori.day),
        "type_orientation": _labels([cal.TYPE_DE_ORGANISME[x] for x in ORGS], ori.org),
        "organisme": _labels(ORGS, ori.org), "origine": _labels((), ori.origine),
        "date_debut_accompagnement": _date(ori.acc, null=NULL)})

    o = np.lexsort((cer.signature, cer.person))
    t["cer"] = _frame("cer", {"id_cer": ids("C", o.size), "id_personne": pid.gather(cer.person[o]),
                              "date_signature": _date(cer.signature[o]), "date_fin": _date(cer.fin[o])})
    o = np.lexsort((rdv.type_rdv.astype(str), rdv.day, rdv.person))
    t["rendez_vous"] = _frame("rendez_vous", {
        "id_rdv": ids("R", o.size, width=8), "id_personne": pid.gather(rdv.person[o]),
        "date_rdv": _date(rdv.day[o]), "type_rdv": _labels((), rdv.type_rdv[o]),
        "statut": _labels((), rdv.statut[o])})
    o = np.lexsort((ep.day, ep.person))
    t["ep_saisine"] = _frame("ep_saisine", {
        "id_saisine": ids("S", o.size), "id_personne": pid.gather(ep.person[o]),
        "date_saisine": _date(ep.day[o]), "motif": _labels((), ep.motif[o]),
        "prescripteur": _labels((), ep.prescripteur[o]),
        "date_passage_ep": _date(ep.passage[o], null=NULL),
        "decision": _labels((), ep.decision[o]),
        "date_notification": _date(ep.notification[o], null=NULL)})

    arows = act.rows
    counters: dict[int, int] = {}
    aid = []
    for r in arows:
        counters[r["annee"]] = counters.get(r["annee"], 0) + 1
        aid.append(f"A{r['annee']}-{counters[r['annee']]:03d}")
    aid = pl.Series(aid, dtype=pl.Utf8)
    cols = [c for c in TABLES["action"].column_names if c != "id_action"]
    adf = pl.DataFrame([{c: r[c] for c in cols} for r in arows], schema={
        "libelle": pl.Utf8, "fiche_action": pl.Int64, "orientation_pdi": pl.Int64,
        "axe_pdi": pl.Int64, "categorie": pl.Utf8, "porteur": pl.Utf8, "territoire": pl.Utf8,
        "commune_insee": pl.Utf8, "annee": pl.Int64, "places_prevues": pl.Int64,
        "budget_prevu": pl.Float64, "budget_realise": pl.Float64})
    t["action"] = adf.with_columns(pl.Series("id_action", aid)).select(TABLES["action"].column_names)
    o = np.lexsort((act.part_entree, act.part_person, act.part_action))
    t["participation"] = _frame("participation", {
        "id_participation": ids("PA", o.size), "id_personne": pid.gather(act.part_person[o]),
        "id_action": aid.gather(act.part_action[o]), "date_entree": _date(act.part_entree[o]),
        "date_sortie": _date(act.part_sortie[o], null=-1),
        "resultat": _labels((), act.part_resultat[o])})
    t["frein"] = _frame("frein", {
        "id_personne": pid.gather(fr.person), "type_frein": _labels((), fr.type_frein),
        "date_diagnostic": _date(fr.diagnostic), "date_levee": _date(fr.levee, null=NULL)})
    t["plateforme_emploi"] = _frame("plateforme_emploi", {
        "id_personne": pid.gather(job.person), "plateforme": pl.repeat(cal.PLATEFORME, job.person.size, eager=True),
        "date_inscription": _date(job.day), "cv_depose": job.cv,
        "nb_propositions": job.propositions.astype(np.int64)})
    t["aide_fajd"] = _frame("aide_fajd", {
        "id_aide": ids("J", fajd.demande.size), "date_demande": _date(fajd.demande),
        "date_decision": _date(fajd.decision_day, null=-1), "commune_insee": _labels((), fajd.commune.astype(object)),
        "sexe": _labels((), fajd.sexe.astype(object)), "age": fajd.age.astype(np.int64), "nature": _labels((), fajd.nature),
        "procedure": _labels((), fajd.procedure),
        "decision": _labels((), fajd.decision),
        "montant": pl.Series(fajd.montant).fill_nan(None)})
    t["paiement"] = _frame("paiement", {"id_foyer": fid.gather(pay.foyer), "mois": _date(pay.mois),
                                        "montant": pay.montant})
    t["lieu"] = lieux.select(TABLES["lieu"].column_names)
    return t
