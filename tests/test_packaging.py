"""An installed wheel carries the bundled data where ``replay.resources`` looks for it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from replay import resources

ROOT = Path(__file__).resolve().parents[1]


def test_resources_resolve_in_the_checkout() -> None:
    assert resources.assets_dir() == ROOT / "assets"
    assert (resources.assets_dir() / "README.md").is_file()
    with pytest.raises(FileNotFoundError, match=r"there is: .*README\.md"):
        resources.asset("no-such-thing.toml")


@pytest.mark.slow
def test_wheel_contains_assets_and_samples(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "*cache*", "bench"))
    done = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=src,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("assets", "sample_telemetry"):
        expected = {
            f"replay/_data/{folder}/{p.relative_to(ROOT / folder)}"
            for p in (ROOT / folder).rglob("*")
            if p.is_file()
        }
        assert expected <= names, sorted(expected - names)[:5]
    # Installed, the helper finds the data inside the package.
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(target)
    probe = "from replay import resources; print(resources.assets_dir())"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target)},
        check=True,
    )
    assert out.stdout.strip() == str(target / "replay" / "_data" / "assets")
