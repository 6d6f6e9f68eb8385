"""Territory packs: the same pack for each unit of the département's first level (the five MDCS
of Loir-et-Cher, the four bassins d'emploi of the Loiret), zipped, with one browser for every
chart of every pack."""
from __future__ import annotations

import io
import zipfile

from data.referentiel import Referentiel, Territoire
from indicators.calendrier import Periode
from reports import audit, images
from reports.build import Format, render
from reports.content import PackKind, build_pack, pack_file_name
from settings import Settings


def mdcs_territories(ref: Referentiel) -> list[Territoire]:
    """Every unit of the first level (MDCS in 41)."""
    n = ref.premier_niveau
    return [Territoire(n, c) for c in ref.units(n)["code"].to_list()]


def build_zip_mdcs(ext, ref: Referentiel, settings: Settings, periode: Periode, kind: PackKind,
                   fmt: Format, comparaison: str = "precedente",
                   sortie: str | None = None, qui: audit.Qui | None = None,
                   mdcs: list[str] | None = None) -> tuple[str, bytes]:
    """The same pack for each unit of the first level (or each of ``mdcs``: the units of the
    user's scope), in one zip (one browser for every chart)."""
    terrs = mdcs_territories(ref)
    if mdcs is not None:
        terrs = [t for t in terrs if t.code in set(mdcs)]
    if not terrs:
        raise ValueError("Aucune unité dans votre périmètre : pas de pack par unité.")
    buf = io.BytesIO()
    with images.session(), zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for t in terrs:
            pack = build_pack(ext, ref, settings, periode, t, kind, comparaison)
            z.writestr(pack_file_name(pack.meta, fmt), render(pack, fmt))
    name = f"declik_{kind}_{periode.slug}_{ref.premier_niveau}.zip"
    audit.log_export(settings, pack=kind, format=f"zip/{fmt}",
                     territoire=f"{ref.premier_niveau}:*" if mdcs is None
                     else "|".join(t.key for t in terrs),
                     periode=periode.code, sortie=sortie or name, qui=qui,
                     quoi=f"pack {kind} par {ref.premier_niveau}")
    return name, buf.getvalue()
