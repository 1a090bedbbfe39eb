"""The evaluation app's writes, one module per concern (re-exported here: ``services.rate(...)``).

* ``evaluations``: start a team's evaluations, rate, finalise, reopen, acknowledge.
* ``unit_ratings`` (organisation predikat), ``calibration`` (adjust, lock), ``appeals`` (file, decide, withdraw):
  import the module (``from kinerja.evaluation.services import calibration``).
"""

from .evaluations import *  # noqa: F403
from .evaluations import __all__ as _evaluations

__all__ = [*_evaluations]
