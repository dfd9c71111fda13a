"""The engine's vocabulary as types: what a string stands for, and the closed sets of kinds.

These are annotations only (aliases of ``str`` and ``Literal`` types): nothing here is checked
at run time, so the turn loop keeps working on plain strings and tuples. ``mypy --strict``
(see pyproject.toml) checks that a kind is one of its values wherever one is written.

==================  =====================================================================
``ActorId``         one of the six states (``ACTORS``); pydantic checks it in scenarios
``StateKey``        a key of :attr:`State.values`, e.g. ``dprk.economy``, ``track.tension``
``LeverId``         a lever's id in the catalogue (``CATALOGUE``)
``Delta``           one ``(state key, change)`` pair
``Deltas``          a resolved effect or an estimate: ``((key, change), ...)``
``CauseKind``       what made a ledger change (:attr:`Cause.kind`)
``ProposalKind``    what a :class:`Proposal` on the table is (:attr:`Lever.proposes`)
``ProjectStatus``   where a transit project stands
==================  =====================================================================

A state's answer to a proposal (``Response``) is the lever package's: it names levers.
"""
from __future__ import annotations

from typing import Literal, TypeAlias

ActorId: TypeAlias = Literal["us", "russia", "china", "dprk", "rok", "japan"]
"""One of the six states, as scenarios name them (the order of ``ACTORS``)."""

StateKey: TypeAlias = str
"""A key of the state's one flat dict of numbers (see :mod:`game.engine.state`)."""

LeverId: TypeAlias = str
"""A lever's id (a key of ``CATALOGUE``)."""

Delta: TypeAlias = tuple[StateKey, float]
"""One number's change."""

Deltas: TypeAlias = tuple[Delta, ...]
"""What an effect spec comes to for one actor and target, or what an order is expected to
do: ``((key, change), ...)`` in order (a key may repeat)."""

CauseKind: TypeAlias = Literal[
    "lever",        # an order's effects
    "event",        # a scenario event's effects, or an order an event made a state give
    "injected",     # an event a teacher made happen (Game.inject_event)
    "drift",        # what happens on its own each turn
    "capital",      # the new turn's political capital
    "cost",         # political capital spent on orders
    "detection",    # a covert operation found, and its consequences
    "resolution",   # a UN Security Council vote
    "project",      # a transit project's progress, completion and income
    "lapse",        # an invitation nobody answered
    "teacher",      # a teacher's news flash or override (Game.command)
    "war",          # the end of the game in war
]
"""What made a ledger change (:attr:`Cause.kind`)."""

ProposalKind: TypeAlias = Literal["summit", "ceremony", "resolution"]
"""A proposal on the table: an invitation to a summit or to a ceremony, or a UN Security
Council resolution (a lever's :attr:`~game.engine.levers.Lever.proposes`)."""

ProjectStatus: TypeAlias = Literal["proposed", "building", "complete", "cancelled"]
"""A transit project: proposed (waiting for both Koreas), building, complete (it pays every
turn) or cancelled (shelved)."""
