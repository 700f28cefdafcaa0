"""NASA's standard breakup model (SBM): the fragments of an explosion, by size, A/m and speed.

Johnson, Krisko, Liou and Anz-Meador, "NASA's new breakup model of EVOLVE 4.0", Advances in Space
Research 28 (9), 1377-1384 (2001), fitted to on-orbit explosions and ground tests:

* number of fragments of characteristic length at least L_c (m): N = 6 S L_c^-1.6 (S = 1);
* area-to-mass ratio (m^2/kg), chi = log10(A/m): for L_c > 11 cm a sum of two normals
  alpha N(mu1, s1) + (1 - alpha) N(mu2, s2) whose parameters depend on lambda = log10(L_c) and
  differ for rocket bodies and spacecraft (``_ab_rocket_body``, ``_ab_spacecraft``);
* mean cross-section (m^2): A = 0.556945 L_c^2.0047077;
* ejection speed (m/s) of an explosion fragment: log10(dv) ~ N(0.2 chi + 1.85, 0.4), in a
  uniformly random direction.

A tumbling fragment's ballistic coefficient is then beta = 1 / (C_D A/m).

>>> f = explosion_fragments(np.random.default_rng(1), "rocket-body", min_size_m=0.5)
>>> f.size_m.size, bool((f.size_m >= 0.5).all())
(18, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from replay.core.types import FloatArray

PARENT_CLASSES = ("rocket-body", "spacecraft")


@dataclass(frozen=True, slots=True)
class SbmFragments:
    """One row per fragment: size L_c (m), A/m (m^2/kg), area (m^2), mass (kg), speed (m/s)."""

    size_m: FloatArray
    area_to_mass_m2_kg: FloatArray
    area_m2: FloatArray
    mass_kg: FloatArray
    delta_v_m_s: FloatArray
    direction: FloatArray  # (N, 3) unit vectors, uniformly distributed


def fragment_count(min_size_m: float) -> int:
    """N(L_c >= min_size_m) = 6 L_c^-1.6 for an explosion (S = 1)."""
    if not min_size_m > 0.0:
        raise ValueError(f"min_size_m must be > 0, got {min_size_m}")
    return int(6.0 * min_size_m**-1.6)


def explosion_fragments(
    rng: np.random.Generator,
    parent: str,
    *,
    min_size_m: float,
    max_mass_kg: float = np.inf,
) -> SbmFragments:
    """The fragments of at least ``min_size_m`` an exploding ``parent`` class leaves.

    Sizes follow the power law, A/m and speeds the SBM's distributions. If their masses add up
    to more than ``max_mass_kg`` (a small parent), the largest are dropped until they fit.
    """
    if parent not in PARENT_CLASSES:
        raise ValueError(f"parent must be one of {PARENT_CLASSES}, got {parent!r}")
    if not max_mass_kg > 0.0:
        raise ValueError(f"max_mass_kg must be > 0, got {max_mass_kg}")
    n = fragment_count(min_size_m)
    size = min_size_m * rng.uniform(0.0, 1.0, n) ** (-1.0 / 1.6)
    lam = np.log10(size)
    alpha, mu1, s1, mu2, s2 = (
        _ab_rocket_body(lam) if parent == "rocket-body" else _ab_spacecraft(lam)
    )
    first = rng.uniform(0.0, 1.0, n) < alpha
    chi = np.where(first, rng.normal(mu1, s1), rng.normal(mu2, s2))
    am = 10.0**chi
    area = 0.556945 * size**2.0047077
    mass = area / am
    dv = 10.0 ** rng.normal(0.2 * chi + 1.85, 0.4)
    direction = rng.normal(size=(n, 3))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    keep = np.ones(n, dtype=bool)
    for i in np.argsort(-mass):  # drop the heaviest until the fragments fit in the parent
        if mass[keep].sum() <= max_mass_kg:
            break
        keep[i] = False
    return SbmFragments(size[keep], am[keep], area[keep], mass[keep], dv[keep], direction[keep])


def _ab_rocket_body(
    lam: FloatArray,
) -> tuple[FloatArray, FloatArray, float, float, FloatArray]:
    """alpha, mu1, sigma1, mu2, sigma2 of log10(A/m) for rocket-body fragments (L_c > 11 cm)."""
    alpha = np.where(lam <= -1.4, 1.0, np.where(lam < 0.0, 1.0 - 0.3571 * (lam + 1.4), 0.5))
    mu1 = np.where(lam <= -0.5, -0.45, np.where(lam < 0.0, -0.45 - 0.9 * (lam + 0.5), -0.9))
    s2 = np.where(lam <= -1.0, 0.28, np.where(lam < 0.1, 0.28 - 0.1636 * (lam + 1.0), 0.1))
    return alpha, mu1, 0.55, -0.9, s2


def _ab_spacecraft(
    lam: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """alpha, mu1, sigma1, mu2, sigma2 of log10(A/m) for spacecraft fragments (L_c > 11 cm)."""
    alpha = np.where(lam <= -1.95, 0.0, np.where(lam < 0.55, 0.3 + 0.4 * (lam + 1.2), 1.0))
    mu1 = np.where(lam <= -1.1, -0.6, np.where(lam < 0.0, -0.6 - 0.318 * (lam + 1.1), -0.95))
    s1 = np.where(lam <= -1.3, 0.1, np.where(lam < -0.3, 0.1 + 0.2 * (lam + 1.3), 0.3))
    mu2 = np.where(lam <= -0.7, -1.2, np.where(lam < -0.1, -1.2 - 1.333 * (lam + 0.7), -2.0))
    s2 = np.where(lam <= -0.5, 0.5, np.where(lam < -0.3, 0.5 - (lam + 0.5), 0.3))
    return np.clip(alpha, 0.0, 1.0), mu1, s1, mu2, s2
