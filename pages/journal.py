"""Journal des exports (rôle direction): every export and download of the dashboard and of the
command line, filtered by person, date and territory. The page only renders the audit file."""
from datetime import date, datetime

import polars as pl
import streamlit as st

from indicators.context import python_map
from indicators.formatting import fr_datetime
from reports import audit
from ui import access, cache, frame, widgets
from ui.safe import md

frame.page("Journal des exports", "Chaque export ou téléchargement (tableaux, graphiques, cartes, "
           "packs, zip), avec la personne connectée, son rôle, le territoire et la période.",
           need_extraction=False, filtered=False)
user = access.current_user()
if user is None or not user.is_direction:
    st.error("Accès non autorisé : le journal des exports est réservé au rôle direction.")
    st.stop()

settings = cache.current_settings()
rows = audit.read_log(settings)
COLS = ("quand", "qui", "role", "qui_source", "quoi", "format", "territoire", "periode", "sortie")
if not rows:
    st.info("Aucun export enregistré pour le moment.", icon=":material/info:")
    st.stop()
df = pl.DataFrame([{c: ("" if r.get(c) is None else str(r.get(c))) for c in COLS} for r in rows],
                  schema={c: pl.Utf8 for c in COLS})
df = df.with_columns(pl.col("quand").str.slice(0, 10).alias("jour"))

c1, c2, c3 = st.columns([3, 3, 3])
people = sorted(set(df["qui"].to_list()))
qui = c1.multiselect("Personne", people, key="journal_qui", placeholder="Toutes")
terrs = sorted(set(df["territoire"].to_list()))
terr = c2.multiselect("Territoire", terrs, key="journal_territoire", placeholder="Tous")
days = [date.fromisoformat(d) for d in df["jour"].to_list() if len(d) == 10]
lo, hi = (min(days), max(days)) if days else (date.today(), date.today())
rng = c3.date_input("Du … au …", (lo, hi), min_value=lo, max_value=hi, format="DD/MM/YYYY",
                    key="journal_dates")
if qui:
    df = df.filter(pl.col("qui").is_in(qui))
if terr:
    df = df.filter(pl.col("territoire").is_in(terr))
if isinstance(rng, (tuple, list)) and len(rng) == 2:
    df = df.filter((pl.col("jour") >= rng[0].isoformat()) & (pl.col("jour") <= rng[1].isoformat()))

st.caption(md(f"{df.height} export(s) affiché(s) sur {len(rows)} ; fichier du journal : "
              f"{audit.audit_path(settings).name} (droits 0600, rotation à "
              f"{settings.audit_taille_max_mo} Mo)."))
df = df.sort("quand", descending=True)
shown = df.with_columns(python_map(df["quand"], lambda s: fr_datetime(
    datetime.fromisoformat(s), seconds=True) if s else "", "Quand")).select(
    pl.col("Quand"),
    pl.col("qui").alias("Personne"), pl.col("role").alias("Rôle"),
    pl.col("qui_source").alias("Identité"), pl.col("quoi").alias("Quoi"),
    pl.col("format").alias("Format"), pl.col("territoire").alias("Territoire"),
    pl.col("periode").alias("Période"), pl.col("sortie").alias("Fichier"))
widgets.dataframe(shown)
