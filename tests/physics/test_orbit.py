"""Orbital elements against Vallado's worked example and analytic Kepler orbits."""

import numpy as np
import pytest

from replay.physics.constants import A_M, GM_M3_S2
from replay.physics.orbit import orbital_elements


def test_vallado_example_2_5() -> None:
    # Vallado, Fundamentals of Astrodynamics and Applications, Example 2-5 (mu = 398600.4418).
    r = np.array([6524.834, 6862.875, 6448.296]) * 1e3
    v = np.array([4.901327, 5.533756, -1.976341]) * 1e3
    el = orbital_elements(r, v, 398600.4418e9)
    assert el.sma_m == pytest.approx(36127.343e3, rel=1e-6)
    assert el.ecc == pytest.approx(0.832853, abs=1e-6)
    assert el.inc_deg == pytest.approx(87.870, abs=1e-3)
    assert el.raan_deg == pytest.approx(227.89, abs=1e-2)
    assert el.argp_deg == pytest.approx(53.38, abs=1e-2)
    assert el.true_anomaly_deg == pytest.approx(92.335, abs=1e-3)


@pytest.mark.parametrize("inc_deg", [0.0, 51.66, 98.0])
def test_ellipse_at_apogee(inc_deg: float) -> None:
    rp, ra = A_M + 193e3, A_M + 245e3
    a = 0.5 * (rp + ra)
    v_a = np.sqrt(GM_M3_S2 * (2 / ra - 1 / a))
    inc = np.radians(inc_deg)
    r = np.array([-ra, 0.0, 0.0])
    v = np.array([0.0, -v_a * np.cos(inc), -v_a * np.sin(inc)])
    el = orbital_elements(r, v)
    assert el.perigee_alt_m == pytest.approx(193e3, abs=1e-3)
    assert el.apogee_alt_m == pytest.approx(245e3, abs=1e-3)
    assert el.inc_deg == pytest.approx(inc_deg, abs=1e-9)
    assert el.period_s == pytest.approx(2 * np.pi * np.sqrt(a**3 / GM_M3_S2), rel=1e-12)
    assert el.true_anomaly_deg == pytest.approx(180.0, abs=1e-6)


def test_vectorised() -> None:
    r = np.tile([7e6, 0.0, 0.0], (4, 1))
    v = np.tile([0.0, 7.5e3, 0.0], (4, 1))
    assert orbital_elements(r, v).ecc.shape == (4,)


def test_zero_radius_raises() -> None:
    with pytest.raises(ValueError, match="non-zero"):
        orbital_elements([0.0, 0.0, 0.0], [1.0, 0.0, 0.0])
