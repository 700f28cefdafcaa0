"""Array types shared by every package: one name for one thing.

>>> import numpy as np
>>> a: FloatArray = np.zeros(3)
>>> a.dtype
dtype('float64')
"""

import numpy as np
import numpy.typing as npt

#: A numpy array of float64, of any shape (units are in the names of the variables holding it).
FloatArray = npt.NDArray[np.float64]
