"""What the tests share, imported as plain modules (never from a ``conftest.py`` or a ``test_*``
module): :mod:`.config` (the tests' own config.toml), :mod:`.databases` (PostgreSQL / MariaDB
servers), :mod:`.apptest` (the app in Streamlit's AppTest), :mod:`.browser` (the app served for
headless Chromium). Extractions built in code stay beside their tests (``tests/fixtures/tiny.py``,
``tests/indicators/builders.py``, ``tests/pages/synthetic.py``…)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
