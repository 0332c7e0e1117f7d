"""Training and serving code never imports the data generator (nor Faker through it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import talentmatch

# The generator itself, the command line (its `generate`/`demo` commands use the generator
# and `--ground-truth` loads it lazily) are the only places allowed to import it.
ALLOWED = ("talentmatch.generator", "talentmatch.cli")

# Modules found on disk (pkgutil.walk_packages would import the packages it walks, cli too).
SCRIPT = """
import importlib, pathlib, sys
import talentmatch
allowed = {allowed!r}
root = pathlib.Path(talentmatch.__file__).parent
names = sorted(
    ".".join(("talentmatch", *path.relative_to(root).with_suffix("").parts)).removesuffix(
        ".__init__"
    )
    for path in root.rglob("*.py")
    if "migrations" not in path.relative_to(root).parts
)
names = [name for name in names if not name.startswith(allowed)]
for name in names:
    importlib.import_module(name)
print(len(names))
leaked = sorted(m for m in sys.modules if m.startswith("talentmatch.generator") or m == "faker")
print("LEAKED", leaked)
"""


def test_production_modules_do_not_import_the_generator() -> None:
    root = Path(talentmatch.__file__).parent.parent
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(allowed=ALLOWED)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=root,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    count, leaked = result.stdout.strip().splitlines()[-2:]
    assert int(count) > 50  # every module of the app was imported
    assert leaked == "LEAKED []", leaked
