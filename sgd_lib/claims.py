"""One-line checks of what a notebook says: each proves a fact and prints it.

A notebook's sentence such as "the loss falls at every step" rests on a run in the cell above.
:func:`claim` guards it: it prints the fact with a tick when it holds, and stops the notebook
with an error naming the fact when it does not, so a change that makes the sentence false
cannot pass ``pytest --nbval``::

    claim(np.all(np.diff(losses) < 0), "the loss falls at every step")
"""

from __future__ import annotations

import numpy as np

__all__ = ["ClaimFailed", "claim"]


class ClaimFailed(AssertionError):
    """A notebook's claim does not hold for the run it is about."""


def claim(holds: bool | np.bool_, fact: str) -> None:
    """Print ``✓ fact`` when ``holds`` is true; raise :class:`ClaimFailed` naming ``fact`` otherwise.

    Parameters
    ----------
    holds
        The test of the fact: a Python or NumPy bool (an array is refused, since its truth is
        ambiguous: reduce it with ``np.all`` or ``np.any`` first).
    fact
        The fact in words, as the notebook states it, with the measured numbers in it.
    """
    if not isinstance(fact, str) or not fact.strip():
        raise TypeError(f"fact must be a non-empty string, got {fact!r}")
    if not isinstance(holds, (bool, np.bool_)):
        raise TypeError(f"holds must be a bool (reduce an array with np.all or np.any), got {type(holds).__name__}")
    if not holds:
        raise ClaimFailed(f"not so: {fact}")
    print(f"✓ {fact}")
