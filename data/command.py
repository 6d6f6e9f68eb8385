"""What the command lines share (``python -m indicators``, ``python -m reports``, ``python -m
data.snapshot``): the ``--db`` / ``--config`` / ``--territoire`` options, the settings they name,
the opening of the extraction, and reading ``--territoire`` and ``--periode``. Each step that
fails prints its French message on stderr and returns None — never a traceback; the command then
exits 2."""
from __future__ import annotations

import argparse
import re
import sys

from data.opening import Opened, open_extraction
from data.referentiel import Territoire, UnknownTerritory
from indicators.calendrier import Periode, PeriodeInvalide, parse
from settings import Settings, SettingsError, settings_from_environment

# argparse's own messages, in French (its English templates, Python 3.11).
_MESSAGES = (
    (r"unrecognized arguments: (.*)", r"option(s) inconnue(s) : \1"),
    (r"the following arguments are required: (.*)", r"à donner : \1"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)",
     r"\1 : choix \2 inconnu (possibles : \3)"),
    (r"argument (.*?): expected one argument", r"\1 : une valeur est attendue"),
    (r"argument (.*?): invalid (\w+) value: (.*)", r"\1 : valeur invalide \3"),
    (r"argument (.*?): (.*)", r"\1 : \2"),
)


def french_message(message: str) -> str:
    """One of argparse's English error messages in French (unknown ones are kept as they are)."""
    for english, french in _MESSAGES:
        if re.fullmatch(english, message):
            return re.sub(english, french, message)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups,
                                 "utilisation : " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """The command lines' parser: usage, help and errors in French, exit 2 on a bad option."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {french_message(message)}\n"
                     f"Aide : {self.prog} --help\n")


def add_source_arguments(parser) -> None:
    """``--db`` and ``--config`` on an ``argparse`` parser."""
    parser.add_argument("--db", help="URL SQLAlchemy de l'extraction (défaut : DECLIK_DB, sinon "
                                     "config.toml, sinon la base de démonstration)")
    parser.add_argument("--config", help="chemin d'un config.toml (défaut : DECLIK_CONFIG, sinon "
                                         "celui du projet)")


def add_territory_argument(parser, example: str = "mdcs:BLO") -> None:
    """``--territoire niveau:code`` (default: the département)."""
    parser.add_argument("--territoire", default=None,
                        help=f"niveau:code, ex. departement:41, {example}, canton:4101, "
                             "epci:<SIREN>, arrondissement:411, zone_emploi:2401, commune:41018 "
                             "(défaut : le département ; niveaux : ceux de la configuration)")


def parse_command(parser, argv: list[str] | None):
    """``(args, settings)``: the parsed command line and the settings named by ``--config`` /
    ``--db`` (else the environment, else config.toml); settings None after printing the French
    message when the configuration is invalid."""
    args = parser.parse_args(argv)
    try:
        return args, settings_from_environment(args.config, args.db)
    except SettingsError as exc:  # unknown key, wrong type: the French message, no traceback
        print(f"Configuration invalide : {exc}", file=sys.stderr)
        return args, None


def open_source(settings: Settings) -> Opened | None:
    """:func:`open_extraction` for a command line: None after printing the French message when the
    extraction cannot be reached or read (never a traceback)."""
    try:
        return open_extraction(settings)
    except Exception as exc:  # connection problems: a French message, no traceback
        print(f"Impossible d'ouvrir l'extraction {settings.url.split('@')[-1]} : {exc}",
              file=sys.stderr)
        return None


def territoire_of(opened: Opened, key: str | None) -> Territoire | None:
    """The territory of ``--territoire`` (None: the département) in the opened extraction's
    référentiel; None after printing the French message when it is unknown — a
    ``departement:`` other than the extraction's included."""
    try:
        terr = opened.referentiel.parse_territoire(key)
        if key and key.startswith("departement:") and \
                key.split(":", 1)[1] != opened.extraction.departement:
            raise UnknownTerritory(
                f"Territoire « {key} » inconnu : cette extraction porte sur le "
                f"département {opened.extraction.departement}.")
    except UnknownTerritory as exc:
        print(str(exc), file=sys.stderr)
        return None
    return terr


def periode_of(text: str) -> Periode | None:
    """The period of ``--periode`` (the calendar's syntax, :func:`indicators.calendrier.parse`);
    None after printing the French message when it cannot be read."""
    try:
        return parse(text)
    except PeriodeInvalide as exc:
        print(str(exc), file=sys.stderr)
        return None
