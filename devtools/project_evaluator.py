"""dbt-project-evaluator's rules, checked on dbt's manifest.json (no hub package, no warehouse).

`make evaluate-project` runs `dbt parse`, then this module on the manifest it wrote. Every violation
is printed with its rule; the exit status is 1 when any remains (after the justified exceptions of
devtools/project_evaluator_exceptions.yml), 0 otherwise. docs/evaluator.md describes each rule, the
dbt-project-evaluator rule it follows and the rules left out.

    python -m devtools.project_evaluator --manifest target/evaluator/manifest.json
    python -m devtools.project_evaluator --list-rules

The checks are pure functions of the manifest (a dict), so python_tests/test_project_evaluator.py
exercises each rule on small hand-made manifests.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_MANIFEST = PROJECT_DIR / "target" / "evaluator" / "manifest.json"
DEFAULT_EXCEPTIONS = PROJECT_DIR / "devtools" / "project_evaluator_exceptions.yml"

# rule id -> what it requires (one line; docs/evaluator.md has the why and the remedy)
RULES: dict[str, str] = {
    # testing
    "missing_primary_key_tests": (
        "every model has a primary-key test: unique + not_null on one column (not_null may be an"
        " enforced-contract not_null / primary_key constraint), or unique_combination_of_columns"
    ),
    "test_coverage": "at least the target share (default 100%) of models have a data test",
    # documentation
    "undocumented_models": "at least the target share (default 100%) of models have a description",
    "undocumented_columns": "every column a model declares (or, with --catalog, has) is described",
    "undocumented_sources": "every source has a description",
    "undocumented_source_tables": "every source table has a description",
    # structure
    "model_naming_conventions": (
        "a model's prefix fits its layer folder: staging stg_/base_, intermediate int_,"
        " marts dim_/fct_/rpt_/ml_"
    ),
    "model_directories": (
        "a model lives in its layer's folder (models/staging/<source>/, models/intermediate/,"
        " models/marts/, models/semantic/), and its prefix's layer is that folder's"
    ),
    "source_directories": "a source is declared in models/staging/<source name>/",
    "test_directories": "a model's YAML (description, columns, data and unit tests) is in the model's own folder",
    # modeling (DAG)
    "backward_refs": (
        "the DAG flows one way: staging -> intermediate -> marts -> semantic; no model reads a"
        " model of a later layer"
    ),
    "reads_report_model": "no model reads an rpt_ model (reports are leaves)",
    "non_staging_reads_source": "only staging models read sources (intermediate and marts read staging)",
    "multiple_sources_joined": "a model reads at most one source",
    "source_fanout": "a source is read by exactly one model (its base/staging model)",
    "unused_sources": "every source table is read by a model",
    "root_models": "every model has a parent (a ref, source or seed)",
    "sources_without_freshness": (
        "every source table has a freshness threshold (warn_after or error_after) and a"
        " loaded_at_field or loaded_at_query"
    ),
    # governance and exposures
    "exposures_dependent_on_private_models": (
        "an exposure reads only marts models with access: public (no sources, no staging,"
        " intermediate or semantic models)"
    ),
    "exposure_parents_materializations": "an exposure's models are tables or incremental (not views/ephemeral)",
    "public_models_without_contract": (
        "a public SQL model has an enforced contract (Python models cannot have one)"
    ),
}

# layer folder under models/ -> the prefixes its models may have (order of the tuple = DAG order)
LAYERS: dict[str, tuple[str, ...]] = {
    "staging": ("stg_", "base_"),
    "intermediate": ("int_",),
    "marts": ("dim_", "fct_", "rpt_", "ml_"),
    "semantic": (),
}
LAYER_ORDER = {layer: position for position, layer in enumerate(LAYERS)}
# the layers whose models exposures may read
PUBLIC_LAYERS = ("marts",)
# generic tests that test a primary key made of several columns
COMBINATION_TESTS = ("unique_combination_of_columns",)
# our generic test of several row rules in one scan (tests/generic/row_rules.sql): its unique_key
# is a primary-key test, with its not_null list standing for not_null tests
ROW_RULES_TEST = "row_rules"
STAGING_NAME = re.compile(r"^(?:stg|base)_([a-z0-9]+)__")


@dataclass(frozen=True)
class Violation:
    rule: str
    resource: str  # model / source ("raw.accounts") / exposure name the rule is about
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.resource}: {self.message}"


@dataclass(frozen=True)
class RuleException:
    rule: str
    resource: str  # a name or an fnmatch pattern ("base_raw__*")
    reason: str

    def matches(self, violation: Violation) -> bool:
        return violation.rule == self.rule and fnmatch.fnmatchcase(violation.resource, self.resource)


@dataclass
class Settings:
    test_coverage_target: float = 100.0
    documentation_coverage_target: float = 100.0
    catalog: dict | None = None  # dbt docs generate's catalog.json, for undeclared columns


@dataclass
class Result:
    violations: list[Violation] = field(default_factory=list)  # not excepted: these fail the check
    excepted: list[tuple[Violation, RuleException]] = field(default_factory=list)
    unused_exceptions: list[RuleException] = field(default_factory=list)


# --- manifest helpers ---------------------------------------------------------------------------


def _project_nodes(manifest: dict, resource_type: str) -> dict[str, dict]:
    """Enabled nodes of the root project of one resource type (packages are not evaluated)."""
    project = (manifest.get("metadata") or {}).get("project_name")
    return {
        unique_id: node
        for unique_id, node in manifest.get("nodes", {}).items()
        if node.get("resource_type") == resource_type
        and (project is None or node.get("package_name") == project)
    }


def _sources(manifest: dict) -> dict[str, dict]:
    project = (manifest.get("metadata") or {}).get("project_name")
    return {
        unique_id: source
        for unique_id, source in manifest.get("sources", {}).items()
        if project is None or source.get("package_name") == project
    }


def _path(node: dict) -> PurePosixPath:
    return PurePosixPath(node.get("original_file_path") or node.get("path") or "")


def _patch_path(node: dict) -> PurePosixPath | None:
    patch = node.get("patch_path")
    if not patch:
        return None
    return PurePosixPath(patch.split("://", 1)[-1])


def layer_of(model: dict) -> str | None:
    """The layer folder a model file is in (models/<layer>/...), or None outside them."""
    parts = _path(model).parts
    if len(parts) >= 3 and parts[0] == "models" and parts[1] in LAYERS:
        return parts[1]
    return None


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _parents(node: dict) -> list[str]:
    return list((node.get("depends_on") or {}).get("nodes") or [])


def _source_label(source: dict) -> str:
    return f"{source['source_name']}.{source['name']}"


def _tests_by_model(manifest: dict) -> dict[str, list[dict]]:
    """Data tests per model they are attached to (generic) or read (singular)."""
    by_model: dict[str, list[dict]] = defaultdict(list)
    for test in _project_nodes(manifest, "test").values():
        attached = test.get("attached_node")
        targets = [attached] if attached else [p for p in _parents(test) if p.startswith("model.")]
        for unique_id in targets:
            by_model[unique_id].append(test)
    return by_model


def _test_name(test: dict) -> str | None:
    metadata = test.get("test_metadata") or {}
    return metadata.get("name")


def _test_column(test: dict) -> str | None:
    column = test.get("column_name") or ((test.get("test_metadata") or {}).get("kwargs") or {}).get(
        "column_name"
    )
    return column.lower() if isinstance(column, str) else None


def _is_filtered(test: dict) -> bool:
    """A test restricted by `where` does not guard the whole table. Except `changed_rows(<col>)`
    (macro test_scope_where): no filter by default (var lead_funnel_test_scope 'all') and in the
    weekly full suite; only the daily run narrows it to the rows it can have changed."""
    where = (test.get("config") or {}).get("where")
    if isinstance(where, str) and re.fullmatch(r"\s*changed_rows\(\s*\w+\s*\)\s*", where):
        return False
    return bool(where)


def _contract_enforced(model: dict) -> bool:
    return bool(((model.get("config") or {}).get("contract") or {}).get("enforced"))


def _access(model: dict) -> str:
    return str(model.get("access") or (model.get("config") or {}).get("access") or "protected")


# --- rules ------------------------------------------------------------------------------------


def check_primary_keys(manifest: dict) -> list[Violation]:
    tests_by_model = _tests_by_model(manifest)
    violations = []
    for unique_id, model in sorted(_project_nodes(manifest, "model").items()):
        unique_columns, not_null_columns, has_combination = set(), set(), False
        for test in tests_by_model.get(unique_id, []):
            if _is_filtered(test):
                continue
            name, column = _test_name(test), _test_column(test)
            if name == "unique" and column:
                unique_columns.add(column)
            elif name == "not_null" and column:
                not_null_columns.add(column)
            elif name in COMBINATION_TESTS:
                has_combination = True
            elif name == ROW_RULES_TEST:
                kwargs = (test.get("test_metadata") or {}).get("kwargs") or {}
                key = [c.lower() for c in kwargs.get("unique_key") or []]
                if len(key) > 1:
                    has_combination = True
                unique_columns.update(key if len(key) == 1 else [])
                not_null_columns.update(c.lower() for c in kwargs.get("not_null") or [])
        if _contract_enforced(model):
            for column_name, column in (model.get("columns") or {}).items():
                types = {c.get("type") for c in column.get("constraints") or []}
                if types & {"not_null", "primary_key"}:
                    not_null_columns.add(column_name.lower())
        if has_combination or unique_columns & not_null_columns:
            continue
        found = []
        if unique_columns:
            found.append("unique on " + ", ".join(sorted(unique_columns)) + " but not not_null")
        if not_null_columns:
            found.append(f"not_null on {len(not_null_columns)} column(s) but no unique on any")
        violations.append(
            Violation(
                "missing_primary_key_tests",
                model["name"],
                "no primary-key test (unique + not_null on one column, or"
                " unique_combination_of_columns, or row_rules with unique_key)" + (f": {'; '.join(found)}" if found else ""),
            )
        )
    return violations


def check_test_coverage(manifest: dict, target: float) -> list[Violation]:
    models = _project_nodes(manifest, "model")
    if not models:
        return []
    tests_by_model = _tests_by_model(manifest)
    untested = sorted(model["name"] for uid, model in models.items() if not tests_by_model.get(uid))
    coverage = 100.0 * (len(models) - len(untested)) / len(models)
    if coverage >= target:
        return []
    return [
        Violation(
            "test_coverage",
            name,
            f"no data test (test coverage {coverage:.1f}% of {len(models)} models < target {target:g}%)",
        )
        for name in untested
    ]


def check_documentation(manifest: dict, target: float, catalog: dict | None = None) -> list[Violation]:
    models = _project_nodes(manifest, "model")
    violations = []
    if models:
        undocumented = sorted(m["name"] for m in models.values() if not (m.get("description") or "").strip())
        coverage = 100.0 * (len(models) - len(undocumented)) / len(models)
        if coverage < target:
            violations += [
                Violation(
                    "undocumented_models",
                    name,
                    f"no description (documentation coverage {coverage:.1f}% of {len(models)} models"
                    f" < target {target:g}%)",
                )
                for name in undocumented
            ]
    catalog_nodes = (catalog or {}).get("nodes") or {}
    for unique_id, model in sorted(models.items()):
        declared = {name.lower(): column for name, column in (model.get("columns") or {}).items()}
        blank = sorted(name for name, column in declared.items() if not (column.get("description") or "").strip())
        undeclared = sorted(
            name.lower()
            for name in ((catalog_nodes.get(unique_id) or {}).get("columns") or {})
            if name.lower() not in declared
        )
        problems = []
        if blank:
            problems.append("no description: " + ", ".join(blank))
        if undeclared:
            problems.append("not in the model's YAML (catalog): " + ", ".join(undeclared))
        if problems:
            violations.append(Violation("undocumented_columns", model["name"], "; ".join(problems)))
    seen_sources = set()
    for source in sorted(_sources(manifest).values(), key=_source_label):
        if source["source_name"] not in seen_sources:
            seen_sources.add(source["source_name"])
            if not (source.get("source_description") or "").strip():
                violations.append(Violation("undocumented_sources", source["source_name"], "no description"))
        if not (source.get("description") or "").strip():
            violations.append(Violation("undocumented_source_tables", _source_label(source), "no description"))
    return violations


def check_naming(manifest: dict) -> list[Violation]:
    violations = []
    for model in sorted(_project_nodes(manifest, "model").values(), key=lambda m: m["name"]):
        layer = layer_of(model)
        if layer is None:
            continue  # reported by model_directories
        prefixes = LAYERS[layer]
        if not model["name"].startswith(prefixes):
            rule_text = (
                f"must be named {' or '.join(prefixes)}..."
                if prefixes
                else "has no naming convention: allow-list each model with its reason"
            )
            violations.append(
                Violation(
                    "model_naming_conventions",
                    model["name"],
                    f"{_article(layer)} {layer} model ({_path(model)}) {rule_text}",
                )
            )
    return violations


def check_directories(manifest: dict) -> list[Violation]:
    sources = manifest.get("sources", {})
    violations = []
    for model in sorted(_project_nodes(manifest, "model").values(), key=lambda m: m["name"]):
        path, layer = _path(model), layer_of(model)
        if layer is None:
            violations.append(
                Violation(
                    "model_directories",
                    model["name"],
                    f"{path} is in no layer folder (models/{{{','.join(LAYERS)}}}/)",
                )
            )
            continue
        prefix_layers = [name for name, prefixes in LAYERS.items() if model["name"].startswith(prefixes)]
        if prefix_layers and layer not in prefix_layers:
            violations.append(
                Violation(
                    "model_directories",
                    model["name"],
                    f"{path}: its prefix makes it a {prefix_layers[0]} model: move it under models/{prefix_layers[0]}/",
                )
            )
        if layer == "staging":
            source_names = sorted(
                {sources[p]["source_name"] for p in _parents(model) if p in sources}
            )
            match = STAGING_NAME.match(model["name"])
            expected = source_names or ([match.group(1)] if match else [])
            folder = path.parts[2] if len(path.parts) > 3 else None
            if not expected:
                violations.append(
                    Violation(
                        "model_directories",
                        model["name"],
                        f"{path}: a staging model reads a source or is named stg_<source>__ / base_<source>__",
                    )
                )
            elif folder not in expected:
                violations.append(
                    Violation(
                        "model_directories",
                        model["name"],
                        f"{path}: a staging model of source {' / '.join(expected)} belongs in"
                        f" models/staging/{expected[0]}/",
                    )
                )
    for source in sorted(_sources(manifest).values(), key=_source_label):
        path = _path(source)
        expected = PurePosixPath("models", "staging", source["source_name"])
        if path.parent != expected:
            violations.append(
                Violation(
                    "source_directories",
                    _source_label(source),
                    f"declared in {path}, not in {expected}/",
                )
            )
    return violations


def check_test_directories(manifest: dict) -> list[Violation]:
    models = _project_nodes(manifest, "model")
    misplaced: dict[str, dict] = {}
    for unique_id, model in models.items():
        patch = _patch_path(model)
        if patch is not None and patch.parent != _path(model).parent:
            misplaced.setdefault(unique_id, {"yaml": set(), "tests": 0, "unit_tests": 0})["yaml"].add(str(patch))
    for test in _project_nodes(manifest, "test").values():
        unique_id = test.get("attached_node")
        path = _path(test)
        if unique_id in models and path.suffix in (".yml", ".yaml"):
            if path.parent != _path(models[unique_id]).parent:
                entry = misplaced.setdefault(unique_id, {"yaml": set(), "tests": 0, "unit_tests": 0})
                entry["yaml"].add(str(path))
                entry["tests"] += 1
    for unit_test in manifest.get("unit_tests", {}).values():
        parents = [p for p in _parents(unit_test) if p in models]
        unique_id = next((p for p in parents if models[p]["name"] == unit_test.get("model")), None)
        if unique_id is None:
            continue
        path = _path(unit_test)
        if path.parent != _path(models[unique_id]).parent:
            entry = misplaced.setdefault(unique_id, {"yaml": set(), "tests": 0, "unit_tests": 0})
            entry["yaml"].add(str(path))
            entry["unit_tests"] += 1
    violations = []
    for unique_id, entry in sorted(misplaced.items(), key=lambda item: models[item[0]]["name"]):
        model = models[unique_id]
        what = ["description/columns"] if _patch_path(model) and str(_patch_path(model)) in entry["yaml"] else []
        if entry["tests"]:
            what.append(f"{entry['tests']} data test(s)")
        if entry["unit_tests"]:
            what.append(f"{entry['unit_tests']} unit test(s)")
        violations.append(
            Violation(
                "test_directories",
                model["name"],
                f"{', '.join(what)} in {', '.join(sorted(entry['yaml']))}, not in the model's folder"
                f" {_path(model).parent}/",
            )
        )
    return violations


def check_dag(manifest: dict) -> list[Violation]:
    models = _project_nodes(manifest, "model")
    all_models = {uid: n for uid, n in manifest.get("nodes", {}).items() if n.get("resource_type") == "model"}
    sources = manifest.get("sources", {})
    violations = []
    for unique_id, model in sorted(models.items(), key=lambda item: item[1]["name"]):
        parents = _parents(model)
        layer = layer_of(model)
        source_parents = sorted(_source_label(sources[p]) for p in parents if p in sources)
        model_parents = [all_models[p] for p in parents if p in all_models]
        if not parents:
            violations.append(Violation("root_models", model["name"], "has no parent (no ref, source or seed)"))
        for parent in sorted(model_parents, key=lambda m: m["name"]):
            parent_layer = layer_of(parent)
            if layer and parent_layer and LAYER_ORDER[parent_layer] > LAYER_ORDER[layer]:
                violations.append(
                    Violation(
                        "backward_refs",
                        model["name"],
                        f"{_article(layer)} {layer} model reads the {parent_layer} model {parent['name']}",
                    )
                )
            if parent["name"].startswith("rpt_"):
                violations.append(
                    Violation("reads_report_model", model["name"], f"reads the report model {parent['name']}")
                )
        if source_parents and layer != "staging":
            violations.append(
                Violation(
                    "non_staging_reads_source",
                    model["name"],
                    f"{_article(layer or 'non-staging')} {layer or 'non-staging'} model reads source"
                    f" {', '.join(source_parents)}",
                )
            )
        if len(source_parents) > 1:
            violations.append(
                Violation(
                    "multiple_sources_joined",
                    model["name"],
                    f"reads {len(source_parents)} sources: {', '.join(source_parents)}",
                )
            )
    readers: dict[str, list[str]] = defaultdict(list)
    for model in models.values():
        for parent in _parents(model):
            if parent in sources:
                readers[parent].append(model["name"])
    for unique_id, source in sorted(_sources(manifest).items(), key=lambda item: _source_label(item[1])):
        names = sorted(readers.get(unique_id, []))
        if not names:
            violations.append(Violation("unused_sources", _source_label(source), "no model reads it"))
        elif len(names) > 1:
            violations.append(
                Violation("source_fanout", _source_label(source), f"read by {len(names)} models: {', '.join(names)}")
            )
    return violations


def check_freshness(manifest: dict) -> list[Violation]:
    violations = []
    for source in sorted(_sources(manifest).values(), key=_source_label):
        freshness = source.get("freshness") or (source.get("config") or {}).get("freshness") or {}
        has_threshold = any(
            ((freshness.get(level) or {}).get("count") is not None) for level in ("warn_after", "error_after")
        )
        config = source.get("config") or {}
        loaded_at = (
            source.get("loaded_at_field")
            or source.get("loaded_at_query")
            or config.get("loaded_at_field")
            or config.get("loaded_at_query")
        )
        missing = []
        if not has_threshold:
            missing.append("no warn_after / error_after")
        if not loaded_at:
            missing.append("no loaded_at_field / loaded_at_query")
        if missing:
            violations.append(Violation("sources_without_freshness", _source_label(source), "; ".join(missing)))
    return violations


def check_governance(manifest: dict) -> list[Violation]:
    all_nodes = manifest.get("nodes", {})
    sources = manifest.get("sources", {})
    violations = []
    for exposure in sorted(manifest.get("exposures", {}).values(), key=lambda e: e["name"]):
        for parent in _parents(exposure):
            if parent in sources:
                violations.append(
                    Violation(
                        "exposures_dependent_on_private_models",
                        f"{exposure['name']}/{_source_label(sources[parent])}",
                        f"reads source {_source_label(sources[parent])}",
                    )
                )
                continue
            node = all_nodes.get(parent)
            if node is None or node.get("resource_type") != "model":
                continue  # metrics, saved queries, seeds: not models
            layer = layer_of(node)
            if layer not in PUBLIC_LAYERS or _access(node) != "public":
                violations.append(
                    Violation(
                        "exposures_dependent_on_private_models",
                        f"{exposure['name']}/{node['name']}",
                        f"reads {node['name']} ({layer or 'no layer'} model, access {_access(node)}):"
                        f" exposures read public {'/'.join(PUBLIC_LAYERS)} models only",
                    )
                )
            materialized = (node.get("config") or {}).get("materialized")
            if materialized not in ("table", "incremental"):
                violations.append(
                    Violation(
                        "exposure_parents_materializations",
                        f"{exposure['name']}/{node['name']}",
                        f"reads {node['name']}, materialized as {materialized}",
                    )
                )
    for model in sorted(_project_nodes(manifest, "model").values(), key=lambda m: m["name"]):
        if _access(model) == "public" and model.get("language", "sql") == "sql" and not _contract_enforced(model):
            violations.append(
                Violation("public_models_without_contract", model["name"], "access public without an enforced contract")
            )
    return violations


# --- evaluation -------------------------------------------------------------------------------


def find_violations(manifest: dict, settings: Settings | None = None) -> list[Violation]:
    """Every violation of every rule, before exceptions."""
    settings = settings or Settings()
    violations = (
        check_primary_keys(manifest)
        + check_test_coverage(manifest, settings.test_coverage_target)
        + check_documentation(manifest, settings.documentation_coverage_target, settings.catalog)
        + check_naming(manifest)
        + check_directories(manifest)
        + check_test_directories(manifest)
        + check_dag(manifest)
        + check_freshness(manifest)
        + check_governance(manifest)
    )
    order = {rule: position for position, rule in enumerate(RULES)}
    return sorted(violations, key=lambda v: (order[v.rule], v.resource, v.message))


def evaluate(manifest: dict, exceptions: list[RuleException] = (), settings: Settings | None = None) -> Result:
    result = Result()
    used: set[int] = set()
    for violation in find_violations(manifest, settings):
        match = next((i for i, exc in enumerate(exceptions) if exc.matches(violation)), None)
        if match is None:
            result.violations.append(violation)
        else:
            used.add(match)
            result.excepted.append((violation, exceptions[match]))
    result.unused_exceptions = [exc for i, exc in enumerate(exceptions) if i not in used]
    return result


class ExceptionsFileError(ValueError):
    pass


def parse_exceptions(data: dict | None, origin: str = "exceptions") -> list[RuleException]:
    """The `exceptions:` list of the allow-list file; each entry needs a known rule, a resource and a reason."""
    entries = (data or {}).get("exceptions") or []
    parsed = []
    for position, entry in enumerate(entries, start=1):
        rule, resource, reason = (entry or {}).get("rule"), (entry or {}).get("resource"), (entry or {}).get("reason")
        if rule not in RULES:
            raise ExceptionsFileError(f"{origin}: entry {position}: unknown rule {rule!r} (see --list-rules)")
        if not resource:
            raise ExceptionsFileError(f"{origin}: entry {position} ({rule}): no resource")
        if not (reason or "").strip():
            raise ExceptionsFileError(f"{origin}: entry {position} ({rule}, {resource}): an exception needs a reason")
        parsed.append(RuleException(rule, str(resource), " ".join(str(reason).split())))
    return parsed


def load_exceptions(path: Path) -> list[RuleException]:
    import yaml

    if not path.exists():
        return []
    return parse_exceptions(yaml.safe_load(path.read_text()), str(path))


def report(result: Result, manifest_path: str) -> str:
    lines = []
    if result.violations:
        by_rule: dict[str, list[Violation]] = defaultdict(list)
        for violation in result.violations:
            by_rule[violation.rule].append(violation)
        lines.append(
            f"project evaluator: {len(result.violations)} violation(s) of {len(by_rule)} rule(s)"
            f" in {manifest_path} (docs/evaluator.md):"
        )
        for rule, violations in by_rule.items():
            lines.append(f"\n{rule} - {RULES[rule]}")
            lines += [f"  {v.resource}: {v.message}" for v in violations]
    else:
        lines.append(f"project evaluator: {len(RULES)} rules, no violation in {manifest_path}")
    if result.excepted:
        lines.append(f"\n{len(result.excepted)} excepted (devtools/project_evaluator_exceptions.yml):")
        lines += [f"  {v.rule}: {v.resource}: {exc.reason}" for v, exc in result.excepted]
    if result.unused_exceptions:
        lines.append("\nexceptions that match no violation (remove them):")
        lines += [f"  {exc.rule}: {exc.resource}" for exc in result.unused_exceptions]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.project_evaluator", description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST, help="dbt's manifest.json (after dbt parse)")
    parser.add_argument("--exceptions", type=Path, default=DEFAULT_EXCEPTIONS, help="allow-list YAML")
    parser.add_argument("--catalog", type=Path, help="catalog.json of dbt docs generate: also flag undeclared columns")
    parser.add_argument("--test-coverage-target", type=float, default=100.0, help="percent of models with a data test")
    parser.add_argument(
        "--documentation-coverage-target", type=float, default=100.0, help="percent of models with a description"
    )
    parser.add_argument("--list-rules", action="store_true", help="print the rules and exit")
    args = parser.parse_args(argv)
    if args.list_rules:
        print("\n".join(f"{rule}: {text}" for rule, text in RULES.items()))
        return 0
    if not args.manifest.exists():
        print(f"project evaluator: no manifest at {args.manifest}: run dbt parse first", file=sys.stderr)
        return 2
    try:
        exceptions = load_exceptions(args.exceptions)
    except ExceptionsFileError as error:
        print(f"project evaluator: {error}", file=sys.stderr)
        return 2
    settings = Settings(
        test_coverage_target=args.test_coverage_target,
        documentation_coverage_target=args.documentation_coverage_target,
        catalog=json.loads(args.catalog.read_text()) if args.catalog else None,
    )
    result = evaluate(json.loads(args.manifest.read_text()), exceptions, settings)
    print(report(result, str(args.manifest)))
    return 1 if result.violations else 0


if __name__ == "__main__":
    sys.exit(main())
