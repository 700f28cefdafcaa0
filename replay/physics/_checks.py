"""Input checks shared by the thin public functions (raise ValueError quoting bad values)."""

import numpy as np
import numpy.typing as npt

from replay.core.types import FloatArray


def finite_array(name: str, value: npt.ArrayLike) -> FloatArray:
    """Return `value` as a float array, raising ValueError if any element is not finite."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {value!r}") from exc
    if not np.all(np.isfinite(arr)):
        bad = arr[~np.isfinite(arr)] if arr.ndim else arr
        raise ValueError(f"{name} must be finite, got {np.ravel(bad)[:5]!r}")
    return arr


def in_range(name: str, arr: FloatArray, lo: float, hi: float) -> None:
    """Raise ValueError naming the elements of `arr` outside [lo, hi]."""
    bad = (arr < lo) | (arr > hi)
    if np.any(bad):
        raise ValueError(f"{name} must lie in [{lo}, {hi}], got {np.ravel(arr[bad])[:5]!r}")


def last_axis3(name: str, arr: FloatArray) -> None:
    """Raise ValueError unless the last axis of `arr` has length 3."""
    if arr.ndim == 0 or arr.shape[-1] != 3:
        raise ValueError(f"{name} must have a last axis of length 3, got shape {arr.shape}")
