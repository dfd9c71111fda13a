"""The scenario JSON Schema, for editors (``whales schema``).

It is pydantic's schema of :class:`~game.engine.scenario.Scenario` with the lever catalogue
filled in: ``levers`` has one property per lever, each typed by that lever's own parameter
model (its numbers, variants and options, with the lever's defaults) and closed to unknown
fields, and no other lever may be named there, in a personality's ``lever_bias`` or in an
event's orders. So an editor catches an unknown lever, a misspelt field or a wrong type as
``whales validate`` does.
"""
from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from .. import __version__
from .levers import CATALOGUE, Lever
from .scenario import LeverParams, Scenario

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"urn:shrimp-between-whales:scenario:{__version__}"
"""The schema's identity: a name, not an address (nothing is fetched from it); the version
says which release's scenarios it describes."""


def lever_model(lv: Lever) -> type[LeverParams]:
    """The lever's parameter model with the lever's own defaults (its cost, targets, effects,
    ...) as the fields' defaults, so an editor shows what a field is when it is left out."""
    own = lv.validate({})
    fields: dict[str, Any] = {}
    common = LeverParams.model_fields
    for name, info in lv.model.model_fields.items():
        described = info.description is not None or name not in common
        if name not in lv.defaults and described:
            continue
        new = copy.copy(info)
        if not described:      # a lever retypes params/variants: keep the common meaning
            new.description = common[name].description
        if name in lv.defaults:
            value = getattr(own, name)
            # a nested default (effects, variants) shown as what the lever sets, not every
            # empty section of it
            new.default = (value.model_dump(mode="json", exclude_defaults=True)
                           if isinstance(value, BaseModel) else value)
            new.default_factory = None
        fields[name] = (info.annotation, new)
    model: type[LeverParams] = create_model(
        f"lever_{lv.id}", __base__=lv.model, __doc__=f"{lv.name}: {lv.summary}", **fields)
    return model


def levers_model() -> type[BaseModel]:
    """``levers:`` as a model: one optional field per lever in the catalogue, no others."""
    fields: dict[str, Any] = {
        lid: (lever_model(lv), Field(default_factory=lever_model(lv), title=lv.name,
                                     description=lv.summary))
        for lid, lv in CATALOGUE.items()}
    model: type[BaseModel] = create_model(
        "Levers", __config__=ConfigDict(extra="forbid"),
        __doc__="Per-lever overrides of the levers' defaults (every field may be left out).",
        **fields)
    return model


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, with ``levers`` typed per lever."""
    levers = levers_model()
    info = Scenario.model_fields["levers"]
    typed: type[BaseModel] = create_model(
        "Scenario", __base__=Scenario, __doc__=Scenario.__doc__,
        levers=(levers, Field(default_factory=levers, description=info.description)))
    schema: dict[str, Any] = typed.model_json_schema()
    ids = list(CATALOGUE)
    defs = schema.get("$defs", {})
    bias = defs.get("Personality", {}).get("properties", {}).get("lever_bias")
    if bias is not None:
        bias["propertyNames"] = {"enum": ids}
    order = defs.get("EventOrder", {}).get("properties", {}).get("lever")
    if order is not None:
        order["enum"] = ids
    return {"$schema": DIALECT, "$id": SCHEMA_ID, **schema}
