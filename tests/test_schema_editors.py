"""The JSON Schema an editor uses (`whales schema`): complete (a description on every field,
`$schema` and `$id`), and giving the same verdicts as `whales validate` when an independent
validator (check-jsonschema, which reads YAML with ruamel, as editors and CI hooks do) checks
the shipped scenarios and broken ones."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, ROOT, SCENARIOS
from game.cli import cli
from game.engine.schema import scenario_schema

CHECK = Path(sys.executable).with_name("check-jsonschema")
SANDBOX = (SCENARIOS / "sandbox.yaml").read_text(encoding="utf-8")


def _properties(node, where: str = "$"):
    """Every (place, property schema) in a schema, however deeply nested."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, sub in node.items():
            yield from _properties(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _properties(sub, f"{where}[{i}]")


def test_every_field_has_a_description_and_the_schema_names_itself():
    schema = scenario_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:shrimp-between-whales:scenario:")
    props = list(_properties(schema))
    assert len(props) > 500                          # the levers are typed one by one
    missing = [where for where, p in props if not str(p.get("description", "")).strip()]
    assert not missing, f"{len(missing)} fields without a description: {missing[:20]}"


def test_the_descriptions_say_the_ranges_the_yaml_comments_used_to():
    defs = scenario_schema()["$defs"]
    top = scenario_schema()["properties"]
    assert "-100 (hostile) to +100 (aligned)" in top["relations"]["description"]
    assert "billions of US dollars" in top["debts"]["description"]
    assert "0..100" in defs["Actor"]["properties"]["enforcement"]["description"]
    assert "0 (broken) to 100" in defs["Alliance"]["properties"]["cohesion"]["description"]
    summit = defs["lever_propose_summit"]["properties"]
    assert "political capital" in summit["cost"]["description"]
    for f in ("vladivostok-2019.yaml", "victory-day-2015.yaml"):
        head = (SCENARIOS / f).read_text(encoding="utf-8")[:600]
        assert "Scales:" not in head and "whales schema" in head


# ------------------------------------------------------------------ the same verdicts
def _with(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


# name: scenario text. Each broken one has one mistake an editor can show.
BROKEN = {
    "unknown_field": SANDBOX + "\nturnz: 4\n",
    "wrong_type": _with(SANDBOX, "turns: 10", 'turns: "ten"'),
    "out_of_range": _with(SANDBOX, "turns: 10", "turns: 0"),
    "enforcement_150": _with(SANDBOX, "    enforcement: 50", "    enforcement: 150"),
    "missing_title": re.sub(r"^title: .*\n", "", SANDBOX, count=1, flags=re.M),
    "bad_article": _with(SANDBOX, "  article: odd-couple-2015", "  article: wikipedia"),
    "unknown_lever": SANDBOX + "\nlevers:\n  food_aid: {cost: 1}\n",
    "misspelt_lever_field": SANDBOX + "\nlevers:\n  propose_summit: {cots: 2}\n",
    "wrong_lever_param_type": SANDBOX + "\nlevers:\n  debt_writeoff: {params: {share: most}}\n",
    "lever_param_out_of_range": SANDBOX + "\nlevers:\n  debt_writeoff: {params: {share: 2}}\n",
    "unknown_variant": SANDBOX + "\nlevers:\n  propose_summit: {variants: {bribe: {}}}\n",
    "cost_as_text": SANDBOX + "\nlevers:\n  denounce: {cost: \"1\"}\n",
}
FIXTURE_FILES = ["bad_date.yaml", "empty.yaml", "unknown_lever.yaml", "tab_indent.yaml"]
# What only `whales validate` sees: relations between fields and cross-references.
SEMANTIC_ONLY = {
    "war_at_below_start": _with(SANDBOX, "    war_at: 100", "    war_at: 20"),
    "unknown_state_in_a_pair": SANDBOX.replace("relations:\n", "relations:\n  us-mars: 10\n", 1),
}


def _check_jsonschema(schema: Path, files: list[Path]) -> dict[str, bool]:
    """check-jsonschema's verdict per file: True when it passes."""
    r = subprocess.run([str(CHECK), "--schemafile", str(schema), "-o", "json", *map(str, files)],
                       capture_output=True, text=True, timeout=120)
    out = json.loads(r.stdout)
    failed = {e["filename"] for e in out.get("errors", [])} | \
             {e["filename"] for e in out.get("parse_errors", [])}
    verdicts = {str(f): str(f) not in failed for f in files}
    assert (r.returncode == 0) == all(verdicts.values()), r.stdout
    return verdicts


def _whales_validate(files: list[Path]) -> dict[str, bool]:
    verdicts = {}
    for f in files:
        r = CliRunner().invoke(cli, ["validate", str(f)])
        assert r.exit_code in (0, 2) and r.exception is None or isinstance(r.exception,
                                                                             SystemExit)
        verdicts[str(f)] = r.exit_code == 0
    return verdicts


def test_check_jsonschema_and_whales_validate_agree(tmp_path):
    schema = tmp_path / "scenario.schema.json"
    r = CliRunner().invoke(cli, ["schema"])
    schema.write_text(r.stdout, encoding="utf-8")
    meta = subprocess.run([str(CHECK), "--check-metaschema", str(schema)], capture_output=True,
                          text=True, timeout=60)
    assert meta.returncode == 0, meta.stdout + meta.stderr
    shipped = sorted(SCENARIOS.glob("*.yaml"))
    broken = []
    for name, text in BROKEN.items():
        p = tmp_path / f"{name}.yaml"
        p.write_text(text, encoding="utf-8")
        broken.append(p)
    broken += [FIXTURES / "broken" / f for f in FIXTURE_FILES]
    semantic = []
    for name, text in SEMANTIC_ONLY.items():
        p = tmp_path / f"{name}.yaml"
        p.write_text(text, encoding="utf-8")
        semantic.append(p)
    files = shipped + broken + semantic
    editor = _check_jsonschema(schema, files)
    game = _whales_validate(files)
    for f in shipped:
        assert editor[str(f)] and game[str(f)], f
    disagree = [Path(f).name for f in map(str, broken) if editor[f] != game[f]]
    assert not disagree, f"check-jsonschema and whales validate disagree on {disagree}"
    assert not any(game[str(f)] for f in broken)
    # the limits of any JSON Schema, said plainly: these only `whales validate` refuses
    for f in semantic:
        assert editor[str(f)] and not game[str(f)], f


def test_scenarios_copy_sets_up_the_editor(tmp_path):
    r = CliRunner().invoke(cli, ["scenarios", "copy", "sandbox", str(tmp_path)])
    assert r.exit_code == 0, r.output
    copy = (tmp_path / "sandbox.yaml").read_text(encoding="utf-8")
    first, rest = copy.split("\n", 1)
    assert first == "# yaml-language-server: $schema=scenario.schema.json"
    assert rest == SANDBOX
    schema = json.loads((tmp_path / "scenario.schema.json").read_text(encoding="utf-8"))
    assert schema == scenario_schema()
    assert _check_jsonschema(tmp_path / "scenario.schema.json", [tmp_path / "sandbox.yaml"]) \
        == {str(tmp_path / "sandbox.yaml"): True}


def test_readme_shows_the_editor_set_up():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=scenario.schema.json" in readme
    assert "whales schema > scenario.schema.json" in readme
    assert "yaml.schemas" in readme


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_case_has_a_clear_message_from_whales(tmp_path, case):
    p = tmp_path / f"{case}.yaml"
    p.write_text(BROKEN[case], encoding="utf-8")
    r = CliRunner().invoke(cli, ["validate", str(p)])
    assert r.exit_code == 2 and r.stderr.startswith(f"whales: error: {p}:"), r.stderr
