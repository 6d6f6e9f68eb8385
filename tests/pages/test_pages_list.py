"""The page list is a plain list: every declared page has its file, paths and URLs are unique,
one default page."""
from pathlib import Path

from ui.pages_list import PAGES, available_pages, sections

ROOT = Path(__file__).resolve().parents[2]


def test_every_declared_page_exists_once():
    assert [p.path for p in PAGES if not (ROOT / p.path).is_file()] == []
    assert len({p.path for p in PAGES}) == len({p.url_path for p in PAGES}) == len(PAGES)
    assert sum(p.default for p in PAGES) == 1
    assert available_pages() == list(PAGES)
    assert [p for ps in sections().values() for p in ps] == sorted(
        PAGES, key=lambda p: list(dict.fromkeys(q.section for q in PAGES)).index(p.section))


def test_every_page_file_is_listed():
    files = {f"pages/{f.name}" for f in (ROOT / "pages").glob("*.py") if f.name != "__init__.py"}
    assert files == {p.path for p in PAGES}
