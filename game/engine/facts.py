"""Facts: what happened in a turn, as typed records (for story checks, balance reports and
debriefs), beside the news headlines that say it in words.

Resolution records a :class:`Fact` on the news item that reports it (``item["fact"]``), only
at the few places where something a check may ask about happens; orders given are in the
turn report itself. A fact never feeds back into the game: it is not part of the state or
its digest, and it draws nothing from the random generator.

==================  =========  =========  =================  ==========================
kind                actor      target     lever / option     by
==================  =========  =========  =================  ==========================
``invited``         proposer   invitee    summit or          —
                                          ceremony lever /
                                          deal item
``meeting``         proposer   invitee    (the same)         —  (``first``: a first one)
``rebuffed``        proposer   invitee    (the same)         the invitee
``lapsed``          proposer   invitee    (the same)         —
``tabled``          proposer   sanctioned the UN resolution —
                                          lever
``passed``          proposer   sanctioned (the same)         —
``vetoed``          proposer   sanctioned (the same)         the vetoing states
``covert``          operator   partner    the covert lever   —
``exposed``         operator   partner    the covert lever   the state that found it
``project_started`` builder    —          the project lever
                                          / its kind
``project_building`` builder   —          (the same)         —
``project_completed`` builder  —          (the same)         —
``project_shelved`` builder    —          (the same)         —
``war``             —          —          —                  —
==================  =========  =========  =================  ==========================
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Literal, TypeAlias

if TYPE_CHECKING:
    from .effects import News

FactKind: TypeAlias = Literal["invited", "meeting", "rebuffed", "lapsed", "tabled", "passed",
                              "vetoed", "covert", "exposed", "project_started",
                              "project_building", "project_completed", "project_shelved", "war"]
FACT_KINDS: tuple[FactKind, ...] = (
    "invited", "meeting", "rebuffed", "lapsed", "tabled", "passed", "vetoed", "covert",
    "exposed", "project_started", "project_building", "project_completed", "project_shelved",
    "war")
"""Every kind of fact resolution records."""


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing that happened in a turn (see the table in this module's docstring)."""

    turn: int
    kind: FactKind
    actor: str | None = None
    target: str | None = None
    lever: str | None = None
    option: str | None = None
    by: tuple[str, ...] = ()
    first: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"turn": self.turn, "kind": self.kind}
        for k in ("actor", "target", "lever", "option"):
            v = getattr(self, k)
            if v is not None:
                d[k] = v
        if self.by:
            d["by"] = list(self.by)
        if self.first:
            d["first"] = True
        return d


def news_facts(news: Iterable[News]) -> list[Fact]:
    """The facts recorded on a turn's news items, in resolution order."""
    return [n["fact"] for n in news if "fact" in n]


__all__ = ["FACT_KINDS", "Fact", "news_facts"]
