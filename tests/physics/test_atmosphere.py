"""Atmosphere against the 1976 standard's table, Braeunig's fits and the ambiance package."""

import numpy as np
import pytest
from ambiance import Atmosphere

from replay.physics.atmosphere import atmosphere, atmosphere_scalar
from tests.simruns import DATA_DIR


def _table() -> np.ndarray:
    return np.loadtxt(DATA_DIR / "us1976_table1_excerpt.csv", delimiter=",", comments="#")


def test_matches_published_table() -> None:
    tab = _table()
    s = atmosphere(tab[:, 0])
    np.testing.assert_allclose(s.temperature_k, tab[:, 1], rtol=2e-4)
    np.testing.assert_allclose(s.pressure_pa, tab[:, 2], rtol=1e-3)
    np.testing.assert_allclose(s.density_kg_m3, tab[:, 3], rtol=1e-3)


def test_sea_level_speed_of_sound() -> None:
    assert atmosphere(0.0).speed_of_sound_m_s == pytest.approx(340.294, abs=1e-3)


def test_matches_ambiance_below_80_km() -> None:
    # ambiance stops at 81 km and omits the 80-86 km molecular-weight correction.
    h = np.linspace(-4000.0, 80000.0, 3000)
    mine = atmosphere(h)
    ref = Atmosphere(h)
    np.testing.assert_allclose(mine.temperature_k, ref.temperature, rtol=1e-6)
    np.testing.assert_allclose(mine.pressure_pa, ref.pressure, rtol=1e-4)
    np.testing.assert_allclose(mine.density_kg_m3, ref.density, rtol=1e-4)
    np.testing.assert_allclose(mine.speed_of_sound_m_s, ref.speed_of_sound, rtol=1e-6)


def _braeunig(quantity: str, z_km: float) -> float:
    rows = []
    with (DATA_DIR / "braeunig_us1976_fits.csv").open() as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            q, *vals = line.strip().split(",")
            if q == quantity:
                rows.append([float(v) for v in vals])
    row = [r for r in rows if r[0] <= z_km][-1]
    a, b, c, d, e = row[1:]
    return float(np.exp(a * z_km**4 + b * z_km**3 + c * z_km**2 + d * z_km + e))


@pytest.mark.parametrize(
    "z_km", [88, 93, 97, 103, 112, 117, 135, 145, 175, 195, 225, 275, 325, 425, 575, 625, 850, 950]
)
def test_upper_table_between_knots_matches_independent_fits(z_km: float) -> None:
    s = atmosphere(z_km * 1e3)
    # Log-linear interpolation between the standard's table points: within 6 %.
    assert s.density_kg_m3 == pytest.approx(_braeunig("rho", z_km), rel=0.06)
    assert s.pressure_pa == pytest.approx(_braeunig("p", z_km), rel=0.06)


def test_scalar_path_equals_vector_path() -> None:
    h = np.concatenate([np.linspace(-4000, 86000, 400), np.linspace(86001, 1e6, 400)])
    vec = atmosphere(h)
    for k in range(0, h.size, 7):
        t, p, rho, a = atmosphere_scalar(float(h[k]))
        assert t == pytest.approx(vec.temperature_k[k], rel=1e-12)
        assert p == pytest.approx(vec.pressure_pa[k], rel=1e-12)
        assert rho == pytest.approx(vec.density_kg_m3[k], rel=1e-12)
        assert a == pytest.approx(vec.speed_of_sound_m_s[k], rel=1e-12)


def test_continuous_at_86_km() -> None:
    lo, hi = atmosphere(np.array([85999.999, 86000.001])).pressure_pa
    assert hi == pytest.approx(lo, rel=1e-5)  # the standard tabulates 5 digits


def test_out_of_range_raises() -> None:
    with pytest.raises(ValueError, match="h_m"):
        atmosphere(1.5e6)
