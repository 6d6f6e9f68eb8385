"""One call from (extraction, period, territory, pack kind, format) to the file's bytes. Used by
the CLI, the Rapports page and :mod:`reports.batch`; every build is written to the audit log."""
from __future__ import annotations

from typing import Literal

from data.referentiel import Referentiel, Territoire
from indicators.calendrier import Periode
from reports import audit, images
from reports.content import Pack, PackKind, build_pack, pack_file_name
from settings import Settings

Format = Literal["pdf", "pptx", "docx"]
FORMATS: tuple[str, ...] = ("pdf", "pptx", "docx")
MIME = {"pdf": "application/pdf",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "zip": "application/zip"}
DEFAULT_PACK: dict[str, PackKind] = {"pdf": "comite", "pptx": "comite", "docx": "evaluation"}


def render(pack: Pack, fmt: Format) -> bytes:
    if fmt == "pptx":
        from reports.pptx_pack import build_pptx

        return build_pptx(pack)
    if fmt == "docx":
        from reports.docx_pack import build_docx

        return build_docx(pack)
    if fmt == "pdf":
        from reports.pdf_pack import build_pdf

        return build_pdf(pack)
    raise ValueError(f"Format inconnu : « {fmt} » (pdf, pptx ou docx).")


def build_file(ext, ref: Referentiel, settings: Settings, periode: Periode,
               territoire: Territoire | None, kind: PackKind, fmt: Format,
               comparaison: str = "precedente", sortie: str | None = None,
               qui: audit.Qui | None = None) -> tuple[str, bytes]:
    """``(file name, bytes)`` of one pack, logged in the audit file (``qui``: the dashboard's
    signed-in user; None: the command line's OS account)."""
    with images.session():
        pack = build_pack(ext, ref, settings, periode, territoire, kind, comparaison)
        data = render(pack, fmt)
    name = pack_file_name(pack.meta, fmt)
    audit.log_export(settings, pack=kind, format=fmt, territoire=pack.meta.territoire.key,
                     periode=periode.code, sortie=sortie or name, qui=qui,
                     quoi=f"pack {kind}")
    return name, data
