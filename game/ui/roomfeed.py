"""What the room view reads: a *feed* of the engine's public face — the room's
:class:`~game.engine.view.PublicView`, the classroom's status (who has ordered, the round
timer, the pause), the seat codes and the address to join — from a local session (built
first, so the room view can be drawn without a network) or from a class server (see
:mod:`game.ui.netsession`). No pygame here; nothing in a feed is secret to a seat: the codes
are the teacher's to show (the room view is the teacher's projector), and a spectator's feed
has none.
"""
from __future__ import annotations

from typing import Any, Protocol

from ..engine import PublicView
from ..session import ClassroomStatus, Console


class RoomFeed(Protocol):
    """The room view's source (see :class:`LocalFeed`)."""

    address: str | None          # the address teams type ("192.168.1.20:8765"), or None
    codes: dict[str, str]        # state id -> seat code (empty: not the teacher's)

    def poll(self) -> None: ...                          # once a frame
    def public_view(self) -> PublicView | None: ...      # None: not yet received
    def status(self) -> ClassroomStatus | None: ...
    def presence(self) -> dict[str, int] | None: ...     # state id -> clients (None: local)
    def banner(self) -> str | None: ...                  # a connection problem, in words
    def console(self) -> Console | None: ...             # the teacher's console, if any
    def close(self) -> None: ...


class LocalFeed:
    """A feed read straight from a :class:`~game.session.Session` in this process (a
    hotseat game shown on the projector, and the room view's own tests)."""

    def __init__(self, session: Any, codes: dict[str, str] | None = None,
                 address: str | None = None) -> None:
        self.session = session
        self.codes = dict(codes or {})
        self.address = address

    def poll(self) -> None:
        pass

    def public_view(self) -> PublicView:
        return self.session.game.public_view()

    def status(self) -> ClassroomStatus:
        return self.session.status()

    def presence(self) -> dict[str, int] | None:
        return None

    def banner(self) -> str | None:
        return None

    def console(self) -> Console | None:
        return self.session

    def close(self) -> None:
        pass


__all__ = ["LocalFeed", "RoomFeed"]
