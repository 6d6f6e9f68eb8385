"""Command line: ``python -m indicators check|compute|list``.

- ``check --db URL``: the validation report in French; exit 0 when the extraction is usable
  (no *erreur*), 1 otherwise.
- ``compute --db URL --periode 2025 [--territoire niveau:code] [--config PATH] --format json|csv``
  (``--periode`` takes the calendar's one syntax, :mod:`indicators.calendrier`, as the URLs and
  ``reports build`` do: ``2025``, ``2025-T3``, ``2025-03``, ``2025-01-01_2025-06-30``): every core indicator by its contract id, raw values (``null``
  where undefined). Exit 2 on an unusable extraction, an unknown territory or a bad period.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys

from data import command


def build_parser() -> argparse.ArgumentParser:
    p = command.Parser(
        prog="python -m indicators",
        description="Déclik insertion — contrôle d'une extraction et calcul des indicateurs clefs.")
    sub = p.add_subparsers(dest="cmd", required=True, metavar="commande")
    common = argparse.ArgumentParser(add_help=False)
    command.add_source_arguments(common)
    c = sub.add_parser("check", parents=[common], help="valider une extraction contre le contrat",
                       description="Rapport de validation en français ; code de sortie 0 si "
                                   "l'extraction est utilisable (aucune erreur), 1 sinon.")
    c.add_argument("--format", choices=["texte", "json"], default="texte")
    k = sub.add_parser("compute", parents=[common], help="calculer les indicateurs clefs",
                       description="Chaque indicateur clef du contrat par son identifiant, valeurs "
                                   "brutes (null si non défini). Sortie 2 si l'extraction est "
                                   "inutilisable ou le territoire inconnu.")
    k.add_argument("--periode", default=None,
                   help="AAAA (année), AAAA-Tn (trimestre), AAAA-MM (mois), AAAA-MM-JJ (jour) ou "
                        "debut_fin (ex. 2025-01-01_2025-06-30)")
    command.add_territory_argument(k, "mdcs:BLO")
    k.add_argument("--format", choices=["json", "csv"], default="json")
    sub.add_parser("list", parents=[common], help="lister les indicateurs du registre")
    return p


def main(argv: list[str] | None = None) -> int:
    args, settings = command.parse_command(build_parser(), argv)
    if settings is None:
        return 2
    if args.cmd == "list":
        from indicators.engine import REGISTRY

        for ind in REGISTRY.values():
            print(f"{ind.id}\t{ind.label}\t{ind.unit}")
        return 0

    opened = command.open_source(settings)
    if opened is None:
        return 2
    if args.cmd == "check":
        rep = opened.report
        if args.format == "json":
            print(json.dumps(rep.to_json(), ensure_ascii=False, indent=2))
        else:
            print(rep.to_text())
        return 0 if rep.ok else 1

    if args.periode is None:
        print("Période manquante : --periode (ex. 2025, 2025-T3, 2025-03, "
              "2025-01-01_2025-06-30).", file=sys.stderr)
        return 2
    periode = command.periode_of(args.periode)
    if periode is None:
        return 2
    if not opened.usable:
        print(opened.report.to_text(), file=sys.stderr)
        print("Extraction inutilisable : calcul impossible.", file=sys.stderr)
        return 2
    from indicators.engine import compute_values, make_ctx

    terr = command.territoire_of(opened, args.territoire)
    if terr is None:
        return 2
    ctx = make_ctx(opened.extraction, opened.referentiel, settings, periode.debut, periode.fin, terr)
    values = compute_values(ctx)
    if args.format == "json":
        print(json.dumps({"debut": periode.debut.isoformat(), "fin": periode.fin.isoformat(),
                          "territoire": terr.key, "indicateurs": values}, ensure_ascii=False,
                         indent=2))
    else:
        w = csv.writer(sys.stdout)
        w.writerow(["indicateur", "valeur"])
        for k, v in values.items():
            w.writerow([k, "null" if v is None else v])
    return 0
