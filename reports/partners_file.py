"""The partner sheets (PDI fiches 41 and 43) as one file: ``python -m reports build --pack
partenaires --format xlsx|pdf``. The sheets are :func:`indicators.views.partners.partner_sheets`
(the page's, masked below the département); XLSX = one worksheet per porteur (its years, then its
actions), PDF = the comité pack's « Fiches partenaires » section on its own. Logged in the audit
file like every export."""
from __future__ import annotations

from datetime import datetime

from data.referentiel import Referentiel, Territoire
from indicators import engine, views
from indicators.calendrier import Periode, comparison_window, from_dates
from indicators.views.partners import SHEET_IDS
from indicators.views.tables import rows_table
from reports import audit, images
from reports.content import pack_file_name
from reports.content.annex import methodology
from reports.content.model import Pack, PackMeta
from reports.content.plan_blocks import partner_section
from reports.tables import to_xlsx
from settings import Settings

FORMATS = ("xlsx", "pdf")


def partner_pack(ext, ref: Referentiel, settings: Settings, periode: Periode,
                 territoire: Territoire | None = None, now: datetime | None = None) -> Pack:
    terr = territoire or Territoire("departement", ref.departement)
    ctx = engine.make_ctx(ext, ref, settings, periode.debut, periode.fin, terr)
    pd, pf = comparison_window(periode.debut, periode.fin, min(periode.fin, ext.date_extraction),
                               "precedente")
    label = (f"{ref.departement_nom} ({ref.departement})" if terr.is_departement
             else f"{ref.libelle(terr.niveau)} {ref.label(terr.niveau, terr.code)}")
    meta = PackMeta("partenaires", periode, from_dates(pd, pf), terr, label, ref.departement_nom,
                    ext.date_extraction, ext.source, settings.seuil_secret, now or datetime.now(),
                    conseil=ref.conseil)
    sheets = views.partner_sheets(ctx)
    sec = partner_section(sheets)
    if not sheets:
        sec.intro = "Aucune action d'insertion sur la période dans l'extraction."
    for sh in sheets:
        sec.items.append(sh.actions.titled(f"Actions de {sh.porteur} — {meta.periode.libelle}",
                                           note=sh.actions.note or ""))
    return Pack(meta, [], [], [sec], list(SHEET_IDS), methodology(meta, settings))


def build_partner_file(ext, ref: Referentiel, settings: Settings, periode: Periode,
                       territoire: Territoire | None, fmt: str,
                       sortie: str | None = None) -> tuple[str, bytes]:
    """``(file name, bytes)`` of the partner sheets, logged in the audit file."""
    if fmt not in FORMATS:
        raise ValueError(f"Format inconnu pour les fiches partenaires : « {fmt} » (xlsx ou pdf).")
    pack = partner_pack(ext, ref, settings, periode, territoire)
    m = pack.meta
    if fmt == "xlsx":
        tables = pack.sections[0].items or [rows_table(pack.sections[0].intro, ["Fiche"], [])]
        data = to_xlsx(tables, list(SHEET_IDS),
                       entete=[f"{m.territoire_label} — {m.periode.libelle}", m.source_line])
    else:
        from reports.pdf_pack import build_pdf
        with images.session():
            data = build_pdf(pack)
    name = pack_file_name(m, fmt)
    audit.log_export(settings, pack="partenaires", format=fmt, territoire=m.territoire.key,
                     periode=periode.code, sortie=sortie or name)
    return name, data
