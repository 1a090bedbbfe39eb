"""The evaluation app's writes, one module per concern (re-exported here: ``services.rate(...)``).

* ``evaluations``: start a team's evaluations, rate, finalise, reopen, acknowledge.
"""

from .evaluations import *  # noqa: F403
from .evaluations import __all__ as _evaluations

__all__ = [*_evaluations]
