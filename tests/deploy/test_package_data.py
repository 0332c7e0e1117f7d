"""The installed package carries every file the service reads at run time (the image installs
the wheel, not the source tree: a template or static file left out breaks the start there)."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "talentmatch"


def test_the_wheel_holds_every_data_file_of_the_package(tmp_path: Path) -> None:
    # Built from a clean copy: a checkout's build/ or egg-info (its SOURCES.txt) cannot lend it
    # files the package data settings leave out.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run([*command, "-w", str(wheels), str(source)], check=True, cwd=source)
    (wheel,) = wheels.glob("talentmatch-*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    data = {
        f"talentmatch/{path.relative_to(PACKAGE).as_posix()}"
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    }
    assert any(name.startswith("talentmatch/web/templates/") for name in data)
    assert data - packed == set()
