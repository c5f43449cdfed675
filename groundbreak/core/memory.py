"""Python's cyclic garbage collector, paused around bulk work (an import, a nightly evaluation)."""

import gc
from contextlib import contextmanager


@contextmanager
def without_cycle_collector(pause=True):
    """Pause the cyclic collector while the block runs (if ``pause``).

    Bulk work makes objects per cell or per row and keeps them all until it ends; reference
    counting frees them, as it makes no cycles that need the collector. The collector, run every
    few hundred allocations, would rescan that growing heap again and again for nothing: a fifth
    of a 20,000-row import, a third of a warning run over 100,000 projects. The switch is the
    process's: small work (a few projects) leaves it alone.

    Free the bulk data inside the block: what was made while the collector was paused is all
    in its youngest generation when it resumes, and its first pass scans every such object
    still alive (a quarter of a second for the plan of a 20,000-row import).
    """
    paused = pause and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
