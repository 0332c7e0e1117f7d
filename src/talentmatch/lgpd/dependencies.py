"""Who must forget a candidate when it is anonymised, set at start-up (app.py).

A listener takes the candidate's code; the recommender in service is one (it drops the
person's words and vector at once). The domain names no listener, so it imports no model.
"""

from collections.abc import Callable, Sequence
from typing import Annotated

from fastapi import Depends, Request

ErasureListener = Callable[[int], None]


def get_erasure_listeners(request: Request) -> Sequence[ErasureListener]:
    """The listeners this process registered (none when the app registered none)."""
    listeners: Sequence[ErasureListener] = getattr(request.app.state, "erasure_listeners", ())
    return listeners


ErasureListenersDep = Annotated[Sequence[ErasureListener], Depends(get_erasure_listeners)]
