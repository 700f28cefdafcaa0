"""Fitting the time axes to the data: the span of a recording that holds samples.

A recording can run on long after its data stop: Antares Orb-3 has 20 s of samples in a 10:20
recording (the ground kept listening). Drawn over the whole recording, those 20 s get 30 pixels.
:func:`data_range_s` is the span worth the width; a flight whose data fill less than
:data:`FIT_BELOW` of its recording opens fitted to it (:func:`opens_fitted`).

>>> import numpy as np
>>> orb3, ms04 = np.array([-10.0, 20.0]), np.array([-10.0, 382.0])
>>> data_range_s(orb3, -10.0, 620.0)
(-10.0, 23.0)
>>> opens_fitted(orb3, -10.0, 620.0), opens_fitted(ms04, -10.0, 600.0)
(True, False)
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

#: A recording whose samples cover less than this fraction of it opens fitted to them.
FIT_BELOW = 0.25
#: Room after the last sample, as a fraction of the data's span (the silence that follows).
AFTER_FRACTION = 0.1
MIN_AFTER_S = 1.0


def data_range_s(t_s: npt.ArrayLike, start_s: float, end_s: float) -> tuple[float, float]:
    """The time range of the samples ``t_s`` (sorted), with a little of the silence after
    them, inside the recording ``[start_s, end_s]``."""
    t = np.asarray(t_s, dtype=np.float64)
    if t.size == 0:
        raise ValueError("data_range_s needs at least one sample time")
    first, last = float(t[0]), float(t[-1])
    values = (first, last, start_s, end_s)
    if not all(math.isfinite(v) for v in values) or last < first or end_s < start_s:
        raise ValueError(f"expected finite, ordered sample and recording times, got {values}")
    after = max(AFTER_FRACTION * (last - first), MIN_AFTER_S)
    lo = max(start_s, first)
    hi = min(end_s, last + after)
    return lo, max(hi, lo + MIN_AFTER_S)


def opens_fitted(t_s: npt.ArrayLike, start_s: float, end_s: float) -> bool:
    """Whether the samples ``t_s`` cover so little of the recording that it opens fitted."""
    lo, hi = data_range_s(t_s, start_s, end_s)
    return end_s > start_s and (hi - lo) < FIT_BELOW * (end_s - start_s)
