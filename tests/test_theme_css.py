"""The screen stylesheet every page carries (ui.theme.HEAD): a card's label and value wrap instead
of ending in « … », and a table's English toolbar (« Download as CSV ») is hidden."""
from __future__ import annotations

import re

from ui import theme


def _screen_rules() -> str:
    css = re.sub(r"@media print \{.*", "", theme.HEAD, flags=re.S)  # outside the print block
    return css


def test_card_label_and_value_wrap_instead_of_an_ellipsis():
    css = _screen_rules()
    for testid in ("stMetricLabel", "stMetricValue"):
        assert f'[data-testid="{testid}"] *' in css
    assert "white-space: normal !important" in css and "text-overflow: clip !important" in css


def test_dataframe_toolbar_is_hidden():
    css = _screen_rules()
    assert re.search(r'stDataFrame"\] \[data-testid="stElementToolbar"\][^{]*\{ display: none', css)


def test_printable_version_hides_every_input():
    """The printable version (?impression=1) shows no field to type in or pick from (the
    Définitions search box was left on the printed page)."""
    rules = theme.PRINTABLE_CSS.split("{ display: none !important; }")[0]
    for testid in ("stTextInput", "stSelectbox", "stMultiSelect", "stDateInput", "stNumberInput",
                   "stSegmentedControl", "stCheckbox", "stRadio"):
        assert f'[data-testid="{testid}"]' in rules, testid
