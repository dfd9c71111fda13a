"""What the map shows, read from the engine: overlay shading and labels, alliance and
relation lines, markers for summits, drills, projects, sanctions and exposed covert action.

Everything here is public information (values, proposals, projects, resolved orders of
public levers, detected covert operations), so any seat may see it.
"""
from __future__ import annotations

import math

from ..engine import Game, pair_key
from . import palette as pal
from .describe import option_label, short

OVERLAYS: list[tuple[str, str]] = [
    ("relations", "Relations"), ("stability", "Stability"),
    ("sanctions", "Sanctions"), ("influence", "Influence")]
OVERLAY_TIPS = {
    "relations": "Relations with me\nEach state's relation with the seat that is playing, "
                 "from hostile (−100) to aligned (+100). Dashed lines: hostile relations.",
    "stability": "Stability\nEach state's domestic stability (regime security), 0 … 100.",
    "sanctions": "Sanctions\nColour: how strictly each state enforces the UN sanctions. "
                 "North Korea, left grey, is their target: its label gives its exposure (the "
                 "regime's strength times the others' enforcement).",
    "influence": "Influence over Pyongyang\nChina's, Russia's and the United States' influence "
                 "over North Korea, 0 … 100.",
}
PATRONS = ("china", "russia", "us")
ALLIANCE_COLOUR = pal.SKY_BLUE
HOSTILE_COLOUR = pal.VERMILLION


def exposure(game: Game, values: dict[str, float] | None = None) -> float:
    """The DPRK's exposure to the UN sanctions regime: the regime's strength times the
    enforcement of the states that apply it, weighted as the scenario's drift weighs them."""
    v = values if values is not None else game.state.values
    weights = game.scenario.drift.enforcement_weights
    wsum = sum(w for a, w in weights.items() if a != "dprk") or 1.0
    enf = sum(w * v.get(f"enforcement.{a}", 0.0) for a, w in weights.items() if a != "dprk")
    return v.get("track.un_sanctions", 0.0) * (enf / wsum) / 100.0


def spread(values: list[float], lo: float = 0.0, hi: float = 100.0, span: float = 40.0
           ) -> pal.Ramp:
    """The sequential ramp over a window that holds ``values`` (tens, at least ``span`` wide,
    inside lo..hi), so states that sit close together (stability: 60 to 75) still get
    clearly different shades; the legend shows the window's numbers.

    >>> r = spread([60, 64, 75]); (r.lo, r.hi)
    (40.0, 80.0)
    """
    if not values:
        return pal.SEQUENTIAL
    a = max(lo, 10 * math.floor((min(values) - 5) / 10))
    b = min(hi, 10 * math.ceil((max(values) + 5) / 10))
    if b - a < span:                       # widen evenly, staying inside lo..hi
        a = max(lo, a - 10 * math.ceil((span - (b - a)) / 20))
        b = min(hi, a + span)
        a = max(lo, b - span)
    return pal.Ramp(a, b, pal.SEQUENTIAL.stops, f"sequential-{a:g}-{b:g}")


def overlay(game: Game, name: str, me: str | None, values: dict[str, float] | None = None,
            me_label: str = "me") -> tuple[dict, dict, tuple | None, str]:
    """(shading, labels, legend, note) for an overlay seen by ``me`` (None: no seat);
    ``me_label`` marks ``me`` on the relations overlay ("me" only for a seat that plays)."""
    v = values if values is not None else game.state.values
    shading: dict = {}
    labels: dict = {}
    note = ""
    if name == "relations":
        me = me or "dprk"
        for a in game.actors:
            if a == me:
                labels[a] = me_label
                continue
            r = v[pair_key("relation", me, a)]
            shading[a] = pal.DIVERGING(r)
            labels[a] = f"{r:+.0f}"
        legend = (pal.DIVERGING, f"Relations with {short(me)}")
        note = f"Numbers: each state's relation with {game.rules.name(me)} (−100 … +100)."
    elif name == "stability":
        ramp = spread([v[f"{a}.stability"] for a in game.actors])
        for a in game.actors:
            s = v[f"{a}.stability"]
            shading[a] = ramp(s)
            labels[a] = f"{s:.0f}"
        legend = (ramp, "Domestic stability")
        note = "Numbers: domestic stability (regime security), 0 … 100."
    elif name == "sanctions":
        for a in game.actors:
            if a == "dprk":        # another measure: named in its label, not coloured on
                x = exposure(game, v)  # the enforcement ramp (the trial §17: one ramp for both)
                labels[a] = f"exposed {x:.0f}"
            else:
                e = v[f"enforcement.{a}"]
                shading[a] = pal.SEQUENTIAL(e)
                labels[a] = f"enforces {e:.0f}"
        legend = (pal.SEQUENTIAL, "Sanctions enforcement")
        note = ("Colour: how strictly each state enforces the UN sanctions. North Korea (grey): "
                "its exposure, UN regime strength × others' enforcement, in its label.")
    else:
        for a in game.actors:
            k = f"influence.{a}"
            if k in v:
                shading[a] = pal.SEQUENTIAL(v[k])
                labels[a] = f"{v[k]:.0f}"
        labels["dprk"] = "the prize"
        legend = (pal.SEQUENTIAL, "Influence over Pyongyang")
        note = "Numbers: each patron's influence over Pyongyang, 0 … 100."
    return shading, labels, legend, note


def lines(game: Game, name: str, me: str | None, values: dict[str, float] | None = None
          ) -> list[tuple]:
    """Alliances as solid lines (thicker when more cohesive); in the relations overlay also
    dashed lines from ``me`` to states it is hostile with (relation below −30)."""
    v = values if values is not None else game.state.values
    out: list[tuple[str, str, tuple[int, int, int], int, str]] = []
    for aid, al in game.scenario.alliances.items():
        c = v.get(f"alliance.{aid}", 0.0)
        a, b = al.members
        out.append((a, b, ALLIANCE_COLOUR, 2 + round(c / 25), "solid"))
    if name == "relations":
        me = me or "dprk"
        for other in game.actors:
            if other != me and v[pair_key("relation", me, other)] <= -30:
                out.append((me, other, HOSTILE_COLOUR, 3, "dashed"))
    return out


def markers(game: Game, turn_index: int | None = None) -> list[tuple[str, str, str]]:
    """Markers from the state after the last resolved turn (or after ``turn_index`` turns,
    for replays, when ``game`` is that game)."""
    out: list[tuple[str, str, str]] = []
    st = game.state
    rules = game.rules
    for p in st.proposals:
        proposer = rules.proposers.get(p.kind)
        mark = proposer.proposal_marker if proposer is not None else None
        if p.responses or mark is None:
            continue
        where = mark.where(p.proposer, p.target)
        if where is not None:
            out.append((where, mark.kind, mark.label(short(p.proposer), short(p.target))))
    for pr in st.projects:
        if pr.status in ("cancelled",):
            continue
        label = option_label(pr.kind)
        if pr.status == "complete":
            out.append(("dprk", "project", f"{label} done"))
        elif pr.status == "proposed":
            out.append(("dprk", "project", f"{label} proposed"))
        else:
            out.append(("dprk", "project", f"{label} {pr.progress}/{pr.needed} months"))
    last = game.reports[-1] if game.reports else None
    if last is not None:
        for a, orders in last.orders.items():
            for o in orders:
                lv = rules.levers.get(o.lever)
                mark = lv.marker if lv is not None else None
                where = mark.where(a, o.target) if mark is not None else None
                if mark is not None and where is not None:
                    out.append((where, mark.kind, mark.label(short(a), short(o.target))))
    for op in st.covert:
        if op.detected_turn is not None and op.detected_turn >= st.turn - 2:
            out.append((op.actor, "covert", "caught"))
    return _dedupe(out)


def _dedupe(items: list[tuple[str, str, str]], per_actor: int = 3) -> list[tuple[str, str, str]]:
    seen: set = set()
    count: dict[str, int] = {}
    out = []
    for it in items:
        if it in seen or count.get(it[0], 0) >= per_actor:
            continue
        seen.add(it)
        count[it[0]] = count.get(it[0], 0) + 1
        out.append(it)
    return out


def changed_states(game: Game, before: dict[str, float], after: dict[str, float],
                   threshold: float = 0.5) -> set[str]:
    """States whose own indicators moved by at least ``threshold`` between two snapshots."""
    out = set()
    for k, v in after.items():
        head = k.split(".", 1)[0]
        if head in game.actors and abs(v - before.get(k, v)) >= threshold \
                and not k.endswith(".capital"):
            out.add(head)
    return out
