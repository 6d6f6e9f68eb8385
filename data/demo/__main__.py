"""``python -m data.demo [--config config.45.toml]`` : écrit l'extraction de démonstration du
Loir-et-Cher (ou du Loiret) en SQLite."""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from data.command import Parser
from data.demo import DEFAULT_SEED, generate
from settings import SettingsError, load_settings


def _parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="python -m data.demo",
        description="Génère l'extraction de démonstration du Loir-et-Cher, ou du Loiret avec "
                    "--config config.45.toml (données synthétiques, "
                    "déterministes) : toutes les tables du contrat, du 01/01/2015 à la date "
                    "d'extraction du 01/11/2026, fidèles aux chiffres publiés du PDI-PTI.")
    p.add_argument("--out", type=Path, default=None,
                   help="fichier SQLite à écrire (défaut : data/demo/demo_<département>.sqlite)")
    p.add_argument("--config", default=None,
                   help="chemin d'un config.toml : le département de la démonstration (défaut : "
                        "config.toml, Loir-et-Cher ; config.45.toml : le Loiret)")
    p.add_argument("--echelle", type=int, default=1,
                   help="nombre de copies du département, identifiants distincts (défaut : 1 ; "
                        "10 ≈ un grand département, 200 ≈ la France, pour les mesures de performance)")
    p.add_argument("--graine", type=int, default=DEFAULT_SEED,
                   help=f"graine du générateur aléatoire (défaut : {DEFAULT_SEED})")
    p.add_argument("--paiements-depuis", type=date.fromisoformat, default=None, metavar="AAAA-MM-JJ",
                   help="premier mois de la table paiement (défaut : 2015-01-01) ; à avancer pour "
                        "alléger les grandes échelles")
    p.add_argument("--historique-depuis", type=date.fromisoformat, default=None, metavar="AAAA-MM-JJ",
                   help="ne garder les rendez-vous et paiements qu'à partir de cette date (tables "
                        "les plus volumineuses ; pour les mesures à l'échelle nationale)")
    p.add_argument("--si-absente", action="store_true",
                   help="ne rien faire si le fichier de sortie existe déjà")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    if settings.departement not in ("41", "45"):
        print(f"Erreur : pas de démonstration calibrée pour le département {settings.departement} "
              "(disponibles : 41, 45).", file=sys.stderr)
        return 2
    args.out = args.out or settings.demo_db
    if args.echelle < 1:
        print("Erreur : --echelle doit être un entier supérieur ou égal à 1.", file=sys.stderr)
        return 2
    if args.si_absente and args.out.exists():
        print(f"{args.out} existe déjà : rien à faire.")
        return 0
    t0 = time.perf_counter()
    generate(args.out, echelle=args.echelle, seed=args.graine, paiements_depuis=args.paiements_depuis,
             historique_depuis=args.historique_depuis, settings=settings)
    size = args.out.stat().st_size / 1e6
    print(f"Extraction de démonstration écrite : {args.out} — {_fr(size)} Mo, échelle "
          f"{args.echelle}, {_fr(time.perf_counter() - t0)} s.")
    return 0


def _fr(x: float) -> str:
    return f"{x:,.1f}".replace(",", "\u202f").replace(".", ",")


if __name__ == "__main__":
    sys.exit(main())
