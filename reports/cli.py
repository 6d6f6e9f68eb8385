"""Command line: ``python -m reports build``.

``python -m reports build --periode 2025 --territoire mdcs:VEN --format pdf --out pack.pdf``
builds the comité de suivi pack (PDF/PPTX), the PDI evaluation document (DOCX/PDF) or the partner
sheets (``--pack partenaires``, XLSX/PDF: :mod:`reports.partners_file`);
``--toutes-mdcs`` builds the same pack for each MDCS into one zip. Exit 0 on success, 2 on an
unusable extraction, an unknown territory or an invalid period.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from data import command

EPILOG = """\
exemples :
  python -m reports build --periode 2025 --format pptx --out comite_2025.pptx
  python -m reports build --periode 2025-T2 --territoire mdcs:VEN --format pdf --out ven.pdf
  python -m reports build --periode 2025 --pack evaluation --format docx --out evaluation.docx
  python -m reports build --periode 2025-01_2025-06 --format pdf --toutes-mdcs --out mdcs.zip
  python -m reports build --periode 2025 --pack partenaires --format xlsx --out partenaires.xlsx

Chaque export est inscrit dans le journal d'audit (config.toml, [audit] fichier), au nom du
compte système qui lance la commande (les valeurs brutes restent réservées à cette ligne de
commande côté serveur : python -m indicators compute). --out n'écrase jamais un fichier
existant sans --force.
Secret statistique : sous le niveau département, les effectifs de 1 à seuil-1 sont affichés
« < seuil » et les taux sur moins de seuil personnes ne sont pas affichés."""


def build_parser() -> argparse.ArgumentParser:
    p = command.Parser(
        prog="python -m reports",
        description="Déclik insertion — packs de rapports : comité de suivi (PPTX/PDF) et "
                    "évaluation du PDI (DOCX/PDF), fiches partenaires (XLSX/PDF).")
    sub = p.add_subparsers(dest="cmd", required=True, metavar="commande")
    b = sub.add_parser(
        "build", help="produire un pack (pdf, pptx ou docx)",
        description="Produit un pack de rapport pour une période et un territoire.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("--periode", required=True,
                   help="AAAA (année), AAAA-Tn (trimestre), AAAA-MM (mois), AAAA-MM-JJ (jour) ou "
                        "debut_fin (ex. 2025-01-01_2025-06-30 ou 2024-07_2025-06)")
    command.add_territory_argument(b, "mdcs:VEN")
    b.add_argument("--format", required=True, choices=["pdf", "pptx", "docx", "xlsx"],
                   help="format du fichier produit (xlsx : fiches partenaires seulement)")
    b.add_argument("--pack", choices=["comite", "evaluation", "partenaires"], default=None,
                   help="comite = comité de suivi, evaluation = évaluation du PDI, partenaires = "
                        "une fiche par porteur d'actions pour son COPIL (xlsx ou pdf) ; défaut : "
                        "comite pour pdf et pptx, evaluation pour docx, partenaires pour xlsx")
    b.add_argument("--comparaison", choices=["precedente", "n-1"], default="precedente",
                   help="période de comparaison : la précédente de même durée (défaut) ou la même "
                        "période un an plus tôt")
    b.add_argument("--toutes-mdcs", action="store_true",
                   help="le même pack pour chaque unité du premier niveau du département (les MDCS "
                        "en Loir-et-Cher, les bassins d'emploi dans le Loiret), dans un zip "
                        "(--out FICHIER.zip)")
    b.add_argument("--out", required=True, help="fichier à écrire (jamais écrasé sans --force)")
    b.add_argument("--force", action="store_true", help="remplacer le fichier --out s'il existe")
    command.add_source_arguments(b)
    return p


def _bad_combination(kind: str, fmt: str, toutes: bool) -> str | None:
    """A French message when the pack and the format do not go together."""
    if kind == "partenaires" and fmt not in ("xlsx", "pdf"):
        return f"Les fiches partenaires s'exportent en xlsx ou pdf, pas en {fmt}."
    if kind == "partenaires" and toutes:
        return "--toutes-mdcs ne s'applique pas aux fiches partenaires (une fiche par porteur)."
    if fmt == "xlsx" and kind != "partenaires":
        return "Le format xlsx n'existe que pour les fiches partenaires (--pack partenaires)."
    return None


def main(argv: list[str] | None = None) -> int:
    args, settings = command.parse_command(build_parser(), argv)
    if settings is None:
        return 2
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"Le fichier {out} existe déjà : rien n'est écrit. Ajoutez --force pour le remplacer.",
              file=sys.stderr)
        return 2
    if out.exists() and not out.is_file():
        print(f"{out} n'est pas un fichier : rien n'est écrit.", file=sys.stderr)
        return 2
    periode = command.periode_of(args.periode)
    if periode is None:
        return 2
    opened = command.open_source(settings)
    if opened is None:
        return 2
    if not opened.usable:
        print(opened.report.to_text(), file=sys.stderr)
        print("Extraction inutilisable : pack impossible.", file=sys.stderr)
        return 2
    ext, ref = opened.extraction, opened.referentiel
    terr = command.territoire_of(opened, args.territoire)
    if terr is None:
        return 2
    kind = args.pack or {"docx": "evaluation", "xlsx": "partenaires"}.get(args.format, "comite")
    bad = _bad_combination(kind, args.format, args.toutes_mdcs)
    if bad:
        print(bad, file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    if kind == "partenaires":
        from reports.partners_file import build_partner_file

        _, data = build_partner_file(ext, ref, settings, periode, terr, args.format,
                                     sortie=str(out.resolve()))
    elif args.toutes_mdcs:
        from reports.batch import build_zip_mdcs

        _, data = build_zip_mdcs(ext, ref, settings, periode, kind, args.format, args.comparaison,
                                 sortie=str(out.resolve()))
    else:
        from reports.build import build_file

        _, data = build_file(ext, ref, settings, periode, terr, kind, args.format, args.comparaison,
                             sortie=str(out.resolve()))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"{out} écrit ({len(data) / 1024:.0f} Ko, {time.perf_counter() - t0:.1f} s).")
    return 0
