"""Find bundled data (``assets/``, ``sample_telemetry/``) in a checkout or an installed wheel.

In a wheel the folders live inside the package as ``replay/_data/``; in a source checkout or an
editable install they sit at the top of the repository. Look-ups by name list what exists when
the name is unknown.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The folder that holds ``assets/`` and ``sample_telemetry/``."""
    installed = _PACKAGE_DIR / "_data"
    if (installed / "assets").is_dir():
        return installed
    return _PACKAGE_DIR.parent


def assets_dir() -> Path:
    return data_root() / "assets"


def samples_dir() -> Path:
    return data_root() / "sample_telemetry"


def asset(relative: str) -> Path:
    """The bundled asset ``relative`` (e.g. ``"scenarios/progress-ms-04.toml"``)."""
    return _existing(assets_dir(), relative)


def sample(name: str) -> Path:
    """A bundled telemetry file by file name or by scenario id (``"progress-ms-04"``)."""
    folder = samples_dir()
    for candidate in (name, f"{name}.csv.gz", f"{name}.csv"):
        if (folder / candidate).is_file():
            return folder / candidate
    return _existing(folder, name)


def telemetry_name(scenario_id: str) -> str:
    """The bundled telemetry file of a scenario, relative to :func:`samples_dir`."""
    return f"{scenario_id}.csv.gz"


def truth_name(scenario_id: str) -> str:
    """The bundled truth after a scenario's failure, relative to :func:`samples_dir`."""
    return f"truth/{scenario_id}.truth.csv.gz"


#: The suffix of a debris-field truth file (docs/debris-field.md).
DEBRIS_SUFFIX = ".debris.json.gz"


def debris_name(scenario_id: str) -> str:
    """The debris-field truth of a scenario that breaks up (docs/debris-field.md)."""
    return f"truth/{scenario_id}{DEBRIS_SUFFIX}"


def asset_names(kind: str) -> list[str]:
    """The names of the TOML assets of one kind (``"vehicles"``, ``"scenarios"``, ...)."""
    return sorted(p.stem for p in (assets_dir() / kind).glob("*.toml"))


def read_toml(kind: str, name: str) -> dict[str, Any]:
    """Read ``assets/<kind>/<name>.toml``; if missing, a ``ValueError`` lists the known names."""
    path = assets_dir() / kind / f"{name}.toml"
    if not path.is_file():
        raise ValueError(
            f"unknown {kind.rstrip('s')} {name!r}; known: {', '.join(asset_names(kind))}"
        )
    with path.open("rb") as fh:
        return tomllib.load(fh)


def listing(folder: Path, pattern: str = "*") -> list[str]:
    return sorted(p.name for p in folder.glob(pattern)) if folder.is_dir() else []


def _existing(folder: Path, relative: str) -> Path:
    path = folder / relative
    if not path.exists():
        known = listing(path.parent)
        raise FileNotFoundError(
            f"no bundled {relative!r} in {folder}; there is: {', '.join(known) or 'nothing'}"
        )
    return path
