"""One display layer (issues 8 and 9): the packs consume the dashboard's own objects — the
views' card and table (:mod:`indicators.views`), the labels of :mod:`indicators.labels` — and
every format decision goes through :class:`indicators.formatting.Format`. Read from the source,
so that a second card, table or label table written in reports/ fails here."""
from __future__ import annotations

import ast
import re

from indicators.formatting import FORMATS
from tests.helpers import ROOT

DISPLAY_TYPES = re.compile(r"Card|Table|Column|Breakdown|Cell|Label")
LABEL_NAMES = re.compile(r"(^|_)LABELS$|^code_label$|^dim_label$")
PACKAGES = ("app.py", "charts", "data", "geo", "indicators", "pages", "reports", "settings.py", "ui")


def _files(*tops: str):
    for top in tops:
        p = ROOT / top
        yield from ([p] if p.suffix == ".py" else sorted(p.rglob("*.py")))


def _is_dataclass(c: ast.ClassDef) -> bool:
    for d in c.decorator_list:
        f = d.func if isinstance(d, ast.Call) else d
        if (isinstance(f, ast.Name) and f.id == "dataclass") or \
                (isinstance(f, ast.Attribute) and f.attr == "dataclass"):
            return True
    return False


def test_reports_define_no_card_table_or_label_table_of_their_own():
    bad = []
    for p in _files("reports"):
        rel = p.relative_to(ROOT)
        for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(n, ast.ClassDef) and (_is_dataclass(n) or n.bases) and \
                    DISPLAY_TYPES.search(n.name):
                bad.append(f"{rel}:{n.lineno} class {n.name}")
            elif isinstance(n, (ast.Assign, ast.AnnAssign)):
                targets = n.targets if isinstance(n, ast.Assign) else [n.target]
                for t in targets:
                    if isinstance(t, ast.Name) and LABEL_NAMES.search(t.id) and \
                            isinstance(n.value, (ast.Dict, ast.DictComp)):
                        bad.append(f"{rel}:{n.lineno} label table {t.id}")
            elif isinstance(n, ast.FunctionDef) and LABEL_NAMES.search(n.name):
                bad.append(f"{rel}:{n.lineno} def {n.name}")
            elif isinstance(n, ast.ImportFrom) and n.module != "indicators.labels":
                names = [a.name for a in n.names if LABEL_NAMES.search(a.name)]
                if names:
                    bad.append(f"{rel}:{n.lineno} {names} from {n.module}")
    assert not bad, "reports/ must use the views' Card / Table and indicators.labels:\n" + \
        "\n".join(bad)


def _format_literals(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and node.value in FORMATS:
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [x for e in node.elts for x in _format_literals(e)]
    return []


def _names_a_format(node: ast.AST) -> bool:
    """``ind.format``, ``f.id``, ``fmt``, ``fmt_id``, ``format_id`` (not a unit or a column name)."""
    if isinstance(node, ast.Attribute):
        return node.attr in ("format", "fmt", "id")
    return isinstance(node, ast.Name) and ("fmt" in node.id or "format" in node.id)


def test_no_format_name_is_tested_outside_formatting():
    """``format == "pourcentage"``, ``fmt in ("entier", "euros")``…: a decision on a registry
    format belongs to its :class:`~indicators.formatting.Format` (value, delta, axis, export,
    header, sentence), written once."""
    bad = []
    for p in _files(*PACKAGES):
        rel = p.relative_to(ROOT)
        if rel.as_posix() == "indicators/formatting.py":
            continue
        for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(n, ast.Compare):
                sides = (n.left, *n.comparators)
                found = [x for side in sides for x in _format_literals(side)]
                if found and any(_names_a_format(side) for side in sides):
                    bad.append(f"{rel}:{n.lineno} compares with {found}")
    assert not bad, "\n".join(bad)
