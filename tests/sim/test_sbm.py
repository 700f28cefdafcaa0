"""NASA's standard breakup model: the sampled fragments follow the published distributions."""

from __future__ import annotations

import numpy as np
import pytest

from replay.sim.sbm import explosion_fragments, fragment_count

# Johnson et al., Adv. Space Res. 28(9) 1377 (2001): N(>= L) = 6 L^-1.6 for an explosion.


@pytest.mark.parametrize(("size_m", "count"), [(0.5, 18), (1.0, 6), (0.1, 238)])
def test_fragment_count_is_the_power_law(size_m: float, count: int) -> None:
    assert fragment_count(size_m) == count


def _many(parent: str, min_size_m: float, runs: int = 200) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(11)
    parts = [explosion_fragments(rng, parent, min_size_m=min_size_m) for _ in range(runs)]
    return {
        k: np.concatenate([getattr(p, k) for p in parts])
        for k in ("size_m", "area_to_mass_m2_kg", "area_m2", "mass_kg", "delta_v_m_s")
    }


def test_sizes_follow_the_cumulative_power_law() -> None:
    f = _many("rocket-body", 0.1, runs=20)
    for factor in (2.0, 4.0):
        share = np.mean(f["size_m"] >= factor * 0.1)
        assert share == pytest.approx(factor**-1.6, rel=0.08)


def test_area_follows_the_size() -> None:
    f = _many("rocket-body", 0.5, runs=5)
    np.testing.assert_allclose(f["area_m2"], 0.556945 * f["size_m"] ** 2.0047077)
    np.testing.assert_allclose(f["mass_kg"], f["area_m2"] / f["area_to_mass_m2_kg"])


def test_large_rocket_body_fragments_have_the_published_area_to_mass() -> None:
    # For L_c >= 1 m (lambda >= 0): alpha = 0.5, mu1 = mu2 = -0.9, s1 = 0.55, s2 = 0.1, so
    # log10(A/m) has mean -0.9 and standard deviation sqrt(0.5 (0.55^2 + 0.1^2)) = 0.395.
    f = _many("rocket-body", 1.0, runs=600)
    chi = np.log10(f["area_to_mass_m2_kg"])
    assert chi.mean() == pytest.approx(-0.9, abs=0.03)
    assert chi.std() == pytest.approx(np.sqrt(0.5 * (0.55**2 + 0.1**2)), rel=0.06)


def test_large_spacecraft_fragments_are_bimodal() -> None:
    # For 1.0 <= L_c < 1.12 m (0 <= lambda < 0.05): alpha = 0.3 + 0.4 (lambda + 1.2) ~ 0.79 of
    # N(-0.95, 0.3) and ~0.21 of N(-2.0, 0.3). The second mode (A/m ~ 0.01 m^2/kg) is the dense
    # components: tanks, engines.
    f = _many("spacecraft", 1.0, runs=2000)
    chi = np.log10(f["area_to_mass_m2_kg"])[f["size_m"] < 1.12]
    assert chi.size > 1500
    assert chi.mean() == pytest.approx(0.79 * -0.95 + 0.21 * -2.0, abs=0.04)
    assert np.mean(chi < -1.5) == pytest.approx(0.21 * 0.97 + 0.79 * 0.03, abs=0.03)


def test_ejection_speed_follows_the_area_to_mass() -> None:
    # log10(dv) ~ N(0.2 chi + 1.85, 0.4): the residual has mean 0 and deviation 0.4.
    f = _many("rocket-body", 0.5, runs=300)
    residual = np.log10(f["delta_v_m_s"]) - (0.2 * np.log10(f["area_to_mass_m2_kg"]) + 1.85)
    assert residual.mean() == pytest.approx(0.0, abs=0.03)
    assert residual.std() == pytest.approx(0.4, rel=0.05)


def test_fragments_never_outweigh_their_parent() -> None:
    rng = np.random.default_rng(2)
    f = explosion_fragments(rng, "rocket-body", min_size_m=0.5, max_mass_kg=50.0)
    assert f.mass_kg.sum() <= 50.0
    assert f.size_m.size < 18


def test_directions_are_unit_vectors_and_bad_input_raises() -> None:
    f = explosion_fragments(np.random.default_rng(3), "spacecraft", min_size_m=0.5)
    np.testing.assert_allclose(np.linalg.norm(f.direction, axis=1), 1.0)
    with pytest.raises(ValueError, match="parent"):
        explosion_fragments(np.random.default_rng(3), "asteroid", min_size_m=0.5)
    with pytest.raises(ValueError, match="min_size_m"):
        fragment_count(0.0)
