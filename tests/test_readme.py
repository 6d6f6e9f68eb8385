"""The README's promise: two set-up commands, and CI runs the README's test command verbatim."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Mise en route.*?```bash\n(.*?)```", text, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_readme_has_exactly_two_setup_commands():
    cmds = _setup_commands()
    assert cmds == ["bash scripts/demarrer.sh", "bash scripts/tester.sh"]
    for cmd in cmds:
        assert (ROOT / cmd.split()[1]).exists()


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in [line.strip() for line in ci.splitlines()]


def test_every_imported_third_party_package_is_pinned():
    pinned = {line.split("==")[0].lower() for line in
              (ROOT / "requirements.txt").read_text().splitlines() if "==" in line}
    # import name → distribution name for those that differ
    dist = {"sqlalchemy": "sqlalchemy", "pptx": "python-pptx", "docx": "python-docx",
            "streamlit_folium": "streamlit-folium", "xstatic": "xstatic-leaflet",
            "pymysql": "pymysql", "yaml": "pyyaml", "dateutil": "python-dateutil",
            "slugify": "python-slugify"}
    provided_by_deps = {"branca", "jinja2", "pyarrow", "numpy", "pandas", "shapely", "pyproj",
                        "tomllib", "xlsxwriter", "choreographer", "PIL"}
    stdlib = set(__import__("sys").stdlib_module_names)
    local = {p.name for p in ROOT.iterdir() if p.is_dir()} | {"settings", "tests"}
    missing = set()
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] == ".venv" or parts[:2] == ("bench", "work"):
            continue
        # an import statement: « import x », or « from x[.y] import … » (not a « raise … from exc »)
        for m in re.finditer(r"^\s*(?:import\s+|from\s+(?=[\w.]+\s+import\b))([A-Za-z_]\w*)",
                             path.read_text(), re.M):
            name = m.group(1)
            if name in stdlib or name in local or name in provided_by_deps or name == "__future__":
                continue
            if dist.get(name.lower(), name.lower()).replace("_", "-") not in pinned:
                missing.add(name)
    assert missing == set()
