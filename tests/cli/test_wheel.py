"""The built wheel, installed in a fresh virtual environment, answers from any folder.

Offline by design: the wheel is built with the test environment's own setuptools (no
build isolation), installed without dependencies, and the new environment borrows the
test environment's installed dependencies through a `.pth` line, which Python appends
after the new environment's own site-packages, so `bot` is imported from the wheel.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from bot import __version__
from tests.conftest import ROOT

SOURCES = ("bot", "pyproject.toml", "README.md", "LICENSE")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; its bin/ folder."""
    work = tmp_path_factory.mktemp("wheel")
    tree = work / "src"
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            tree.mkdir(exist_ok=True)
            shutil.copy2(source, tree / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", work, tree],
        check=True,
        timeout=300,
        cwd=work,
    )
    (wheel,) = work.glob("article_bot-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    new_python = venv / "bin" / "python"
    subprocess.run(
        [*pip, "--python", new_python, "install", "--no-deps", "--no-index", wheel],
        check=True,
        timeout=300,
    )
    purelib = subprocess.run(
        [new_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    borrowed = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib, "zz_test_dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    return venv / "bin"


def _clean_env() -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    return {k: v for k, v in os.environ.items() if k in keep} | {"NO_COLOR": "1"}


def _run_elsewhere(installed: Path, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command run in `folder`, with none of this checkout's settings."""
    return subprocess.run(
        [installed / "article-bot", *args],
        capture_output=True,
        text=True,
        cwd=folder,
        env=_clean_env(),
        timeout=60,
    )


def test_wheel_ships_the_sample_article_and_the_license(installed: Path) -> None:
    (wheel,) = installed.parent.parent.glob("article_bot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    data_files = {
        str(f.relative_to(ROOT))
        for f in (ROOT / "bot").rglob("*.txt")
        if "history" not in f.parts  # copies a reload may leave beside the packaged article
    }
    assert "bot/data/article.txt" in data_files and data_files <= set(names)
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


def test_installed_article_bot_answers_from_any_folder(installed: Path, tmp_path: Path) -> None:
    proc = _run_elsewhere(installed, tmp_path, "ask", "Waar komt de battle group?")
    assert proc.returncode == 0, proc.stderr
    assert "Roemenië gestationeerd" in proc.stdout and proc.stderr == ""


def test_installed_article_bot_serves_its_own_copy(installed: Path, tmp_path: Path) -> None:
    proc = _run_elsewhere(installed, tmp_path, "check")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"ok: {installed.parent}/lib/")
    assert "/bot/data/article.txt can be served" in proc.stdout


def test_installed_article_bot_version(installed: Path) -> None:
    proc = subprocess.run(
        [installed / "article-bot", "--version"], capture_output=True, text=True, timeout=60
    )
    assert proc.stdout == f"article-bot {__version__}\n"
