"""devtools/project_evaluator.py: each rule fires on a small hand-made manifest, the allow-list
works, and the real project passes (`make evaluate-project` is the same check in make test).

The fake manifests carry only the keys the evaluator reads, in dbt 1.12's manifest shape.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from devtools import project_evaluator as pe

PROJECT = "lead_funnel"


# --- a small, clean project: source raw.orders -> stg -> int -> fct -> exposure ------------------


def model(name, path, parents=(), *, yml=None, description="One row per thing.", columns=None,
          contract=False, access="protected", materialized="view", language="sql"):
    folder = path.rsplit("/", 1)[0]
    return {
        "unique_id": f"model.{PROJECT}.{name}",
        "resource_type": "model",
        "package_name": PROJECT,
        "name": name,
        "original_file_path": path,
        "patch_path": f"{PROJECT}://{yml or folder + '/_models.yml'}",
        "description": description,
        "columns": columns if columns is not None else {"id": {"name": "id", "description": "The key."}},
        "config": {"materialized": materialized, "contract": {"enforced": contract}, "access": access},
        "access": access,
        "language": language,
        "depends_on": {"nodes": list(parents)},
    }


def data_test(test_name, model_node, column=None, *, yml=None, kwargs=None, where=None):
    folder = model_node["original_file_path"].rsplit("/", 1)[0]
    unique_id = f"test.{PROJECT}.{test_name}_{model_node['name']}_{column or 'x'}"
    return {
        "unique_id": unique_id,
        "resource_type": "test",
        "package_name": PROJECT,
        "name": unique_id.split(".")[-1],
        "original_file_path": yml or folder + "/_models.yml",
        "attached_node": model_node["unique_id"],
        "column_name": column,
        "test_metadata": {
            "name": test_name,
            "kwargs": {**({"column_name": column} if column else {}), **(kwargs or {})},
        },
        "config": {"where": where},
        "depends_on": {"nodes": [model_node["unique_id"]]},
    }


def pk_tests(model_node, column="id"):
    return [data_test("unique", model_node, column), data_test("not_null", model_node, column)]


def source(table, *, source_name="raw", path="models/staging/raw/_raw__sources.yml", freshness=True,
           loaded_at_query="select max(loaded_at) from {{ this }}", description="One row per order."):
    threshold = {"count": 24 if freshness else None, "period": "hour" if freshness else None}
    return {
        "unique_id": f"source.{PROJECT}.{source_name}.{table}",
        "resource_type": "source",
        "package_name": PROJECT,
        "source_name": source_name,
        "name": table,
        "original_file_path": path,
        "source_description": "Raw tables.",
        "description": description,
        "freshness": {"warn_after": threshold, "error_after": {"count": None, "period": None}},
        "loaded_at_field": None,
        "loaded_at_query": loaded_at_query,
        "config": {},
    }


def exposure(name, parents):
    return {
        "unique_id": f"exposure.{PROJECT}.{name}",
        "resource_type": "exposure",
        "package_name": PROJECT,
        "name": name,
        "depends_on": {"nodes": list(parents)},
    }


def build_manifest(models, tests=(), sources=(), exposures=(), unit_tests=()):
    return {
        "metadata": {"project_name": PROJECT},
        "nodes": {**{m["unique_id"]: m for m in models}, **{t["unique_id"]: t for t in tests}},
        "sources": {s["unique_id"]: s for s in sources},
        "exposures": {e["unique_id"]: e for e in exposures},
        "unit_tests": {u["unique_id"]: u for u in unit_tests},
    }


@pytest.fixture
def project():
    """A clean project (no violation); tests change one thing each."""
    orders = source("orders")
    stg = model("stg_raw__orders", "models/staging/raw/stg_raw__orders.sql", [orders["unique_id"]])
    inter = model("int_orders_enriched", "models/intermediate/orders/int_orders_enriched.sql", [stg["unique_id"]])
    fct = model(
        "fct_orders", "models/marts/orders/fct_orders.sql", [inter["unique_id"]],
        contract=True, access="public", materialized="table",
    )
    rpt = model(
        "rpt_order_health", "models/marts/orders/rpt_order_health.sql", [fct["unique_id"]],
        contract=True, access="public", materialized="table",
    )
    models = [stg, inter, fct, rpt]
    tests = [t for m in models for t in pk_tests(m)]
    return {
        "models": {m["name"]: m for m in models},
        "tests": tests,
        "sources": [orders],
        "exposures": [exposure("orders_dashboard", [fct["unique_id"], rpt["unique_id"]])],
        "unit_tests": [],
    }


def manifest_of(project):
    return build_manifest(
        list(project["models"].values()), project["tests"], project["sources"], project["exposures"],
        project["unit_tests"],
    )


def violations(project, **settings):
    return pe.find_violations(manifest_of(project), pe.Settings(**settings))


def fired(project, **settings):
    return {(v.rule, v.resource) for v in violations(project, **settings)}


def drop_tests(project, model_name, test_names=("unique", "not_null")):
    project["tests"] = [
        t for t in project["tests"]
        if not (t["attached_node"].endswith("." + model_name) and t["test_metadata"]["name"] in test_names)
    ]


# --- the rules ----------------------------------------------------------------------------------


def test_the_clean_project_passes(project):
    assert violations(project) == []


def test_every_rule_is_documented():
    text = (pe.PROJECT_DIR / "docs" / "evaluator.md").read_text()
    missing = [rule for rule in pe.RULES if f"`{rule}`" not in text]
    assert missing == []


def test_missing_primary_key_fires_without_unique_and_not_null_on_one_column(project):
    drop_tests(project, "int_orders_enriched", ("not_null",))
    project["tests"].append(data_test("not_null", project["models"]["int_orders_enriched"], "other_column"))
    assert ("missing_primary_key_tests", "int_orders_enriched") in fired(project)


def test_missing_primary_key_ignores_tests_filtered_by_where(project):
    drop_tests(project, "int_orders_enriched", ("unique",))
    project["tests"].append(data_test("unique", project["models"]["int_orders_enriched"], "id", where="id > 0"))
    assert ("missing_primary_key_tests", "int_orders_enriched") in fired(project)


def test_missing_primary_key_counts_tests_scoped_by_changed_rows(project):
    # changed_rows(...) (macro test_scope_where) filters only on the daily run; whole table otherwise
    drop_tests(project, "int_orders_enriched", ("unique",))
    project["tests"].append(
        data_test("unique", project["models"]["int_orders_enriched"], "id", where="changed_rows(updated_at)")
    )
    assert ("missing_primary_key_tests", "int_orders_enriched") not in fired(project)


def test_primary_key_may_be_a_combination_test(project):
    drop_tests(project, "int_orders_enriched")
    project["tests"].append(
        data_test(
            "unique_combination_of_columns", project["models"]["int_orders_enriched"],
            kwargs={"combination_of_columns": ["order_id", "line"]},
        )
    )
    assert violations(project) == []


def test_primary_key_may_be_a_row_rules_test(project):
    # tests/generic/row_rules.sql: unique_key + its not_null list, one scan of the model
    drop_tests(project, "int_orders_enriched")
    enriched = project["models"]["int_orders_enriched"]
    project["tests"].append(data_test("row_rules", enriched, kwargs={"unique_key": ["id"], "not_null": ["id"]}))
    assert violations(project) == []
    project["tests"][-1]["test_metadata"]["kwargs"]["not_null"] = ["other_column"]
    assert ("missing_primary_key_tests", "int_orders_enriched") in fired(project)


def test_primary_key_may_be_a_contract_constraint_and_a_unique_test(project):
    drop_tests(project, "fct_orders", ("not_null",))
    assert ("missing_primary_key_tests", "fct_orders") in fired(project)
    project["models"]["fct_orders"]["columns"]["id"]["constraints"] = [{"type": "primary_key"}]
    assert violations(project) == []
    project["models"]["fct_orders"]["config"]["contract"]["enforced"] = False  # not enforced: not a guarantee
    assert ("missing_primary_key_tests", "fct_orders") in fired(project)


def test_test_coverage_fires_for_an_untested_model_below_the_target(project):
    drop_tests(project, "int_orders_enriched")
    assert ("test_coverage", "int_orders_enriched") in fired(project)
    assert ("test_coverage", "int_orders_enriched") not in fired(project, test_coverage_target=75)


def test_undocumented_model_and_columns_fire(project):
    project["models"]["int_orders_enriched"]["description"] = "  "
    project["models"]["fct_orders"]["columns"]["amount_usd"] = {"name": "amount_usd", "description": ""}
    found = fired(project)
    assert ("undocumented_models", "int_orders_enriched") in found
    assert ("undocumented_columns", "fct_orders") in found
    assert ("undocumented_models", "int_orders_enriched") not in fired(project, documentation_coverage_target=75)


def test_undeclared_columns_fire_with_a_catalog(project):
    catalog = {"nodes": {"model.lead_funnel.fct_orders": {"columns": {"ID": {}, "secret_column": {}}}}}
    found = [v for v in violations(project, catalog=catalog) if v.rule == "undocumented_columns"]
    assert [(v.resource, "secret_column" in v.message) for v in found] == [("fct_orders", True)]


def test_undocumented_sources_fire(project):
    project["sources"][0]["description"] = ""
    project["sources"][0]["source_description"] = ""
    found = fired(project)
    assert {("undocumented_sources", "raw"), ("undocumented_source_tables", "raw.orders")} <= found


def test_naming_fires_for_a_prefix_outside_its_layer(project):
    project["models"]["fct_orders"]["name"] = "orders_wide"
    assert ("model_naming_conventions", "orders_wide") in fired(project)


def test_ml_models_are_marts(project):
    project["models"]["fct_orders"]["name"] = "ml_orders_training_set"
    assert violations(project) == []


def test_directories_fire_for_a_model_in_the_wrong_layer_or_source_folder(project):
    project["models"]["int_orders_enriched"]["original_file_path"] = "models/marts/int_orders_enriched.sql"
    project["models"]["int_orders_enriched"]["patch_path"] = f"{PROJECT}://models/marts/_models.yml"
    for t in project["tests"]:
        if t["attached_node"].endswith(".int_orders_enriched"):
            t["original_file_path"] = "models/marts/_models.yml"
    project["models"]["stg_raw__orders"]["original_file_path"] = "models/staging/shop/stg_raw__orders.sql"
    project["models"]["stg_raw__orders"]["patch_path"] = f"{PROJECT}://models/staging/shop/_models.yml"
    for t in project["tests"]:
        if t["attached_node"].endswith(".stg_raw__orders"):
            t["original_file_path"] = "models/staging/shop/_models.yml"
    found = fired(project)
    assert ("model_directories", "int_orders_enriched") in found
    assert ("model_directories", "stg_raw__orders") in found
    project["models"]["stg_raw__orders"]["original_file_path"] = "models/stg_raw__orders.sql"
    assert ("model_directories", "stg_raw__orders") in fired(project)


def test_source_directories_fire(project):
    project["sources"][0]["original_file_path"] = "models/staging/_sources.yml"
    assert ("source_directories", "raw.orders") in fired(project)


def test_test_directories_fire_for_yaml_and_tests_in_the_parent_folder(project):
    base = model(
        "base_raw__orders", "models/staging/raw/base/base_raw__orders.sql", [project["sources"][0]["unique_id"]],
        yml="models/staging/raw/_raw__models.yml",
    )
    project["models"]["stg_raw__orders"]["depends_on"]["nodes"] = [base["unique_id"]]
    project["models"]["base_raw__orders"] = base
    project["tests"] += [data_test("unique", base, "id", yml="models/staging/raw/_raw__models.yml"),
                         data_test("not_null", base, "id", yml="models/staging/raw/_raw__models.yml")]
    found = [v for v in violations(project) if v.rule == "test_directories"]
    assert [v.resource for v in found] == ["base_raw__orders"]
    assert "2 data test(s)" in found[0].message and "description/columns" in found[0].message


def test_test_directories_fire_for_a_unit_test_in_another_folder(project):
    project["unit_tests"].append({
        "unique_id": f"unit_test.{PROJECT}.int_orders_enriched.some_rule",
        "name": "some_rule",
        "model": "int_orders_enriched",
        "original_file_path": "models/intermediate/other/_other__models.yml",
        "depends_on": {"nodes": [project["models"]["int_orders_enriched"]["unique_id"]]},
    })
    assert ("test_directories", "int_orders_enriched") in fired(project)


def test_backward_refs_fire_when_intermediate_reads_a_mart(project):
    inter = project["models"]["int_orders_enriched"]
    inter["depends_on"]["nodes"].append(project["models"]["fct_orders"]["unique_id"])
    found = [v for v in violations(project) if v.rule == "backward_refs"]
    assert [(v.resource, "fct_orders" in v.message) for v in found] == [("int_orders_enriched", True)]


def test_backward_refs_fire_when_staging_reads_intermediate(project):
    project["models"]["stg_raw__orders"]["depends_on"]["nodes"].append(
        project["models"]["int_orders_enriched"]["unique_id"]
    )
    assert ("backward_refs", "stg_raw__orders") in fired(project)


def test_reading_a_report_model_fires(project):
    ml = model("ml_order_weights", "models/marts/ml/ml_order_weights.py",
               [project["models"]["rpt_order_health"]["unique_id"]], language="python", materialized="table")
    project["models"]["ml_order_weights"] = ml
    project["tests"] += pk_tests(ml)
    assert {(v.rule, v.resource) for v in violations(project)} == {("reads_report_model", "ml_order_weights")}


def test_marts_and_intermediate_reading_a_source_fire(project):
    source_id = project["sources"][0]["unique_id"]
    project["models"]["fct_orders"]["depends_on"]["nodes"].append(source_id)
    project["models"]["int_orders_enriched"]["depends_on"]["nodes"].append(source_id)
    found = fired(project)
    assert {("non_staging_reads_source", "fct_orders"), ("non_staging_reads_source", "int_orders_enriched")} <= found
    assert ("source_fanout", "raw.orders") in found


def test_multiple_sources_joined_and_unused_sources_fire(project):
    refunds = source("refunds")
    project["sources"].append(refunds)
    assert ("unused_sources", "raw.refunds") in fired(project)
    project["models"]["stg_raw__orders"]["depends_on"]["nodes"].append(refunds["unique_id"])
    found = fired(project)
    assert ("multiple_sources_joined", "stg_raw__orders") in found
    assert ("unused_sources", "raw.refunds") not in found


def test_root_models_fire(project):
    project["models"]["int_orders_enriched"]["depends_on"]["nodes"] = []
    assert ("root_models", "int_orders_enriched") in fired(project)


def test_sources_without_freshness_fire(project):
    project["sources"][0]["freshness"]["warn_after"] = {"count": None, "period": None}
    assert ("sources_without_freshness", "raw.orders") in fired(project)
    project["sources"][0]["freshness"]["error_after"] = {"count": 3, "period": "day"}
    project["sources"][0]["loaded_at_query"] = None
    found = [v for v in violations(project) if v.rule == "sources_without_freshness"]
    assert len(found) == 1 and "loaded_at" in found[0].message
    project["sources"][0]["loaded_at_field"] = "loaded_at"
    assert violations(project) == []


def test_exposures_read_only_public_marts(project):
    project["exposures"][0]["depends_on"]["nodes"] += [
        project["models"]["int_orders_enriched"]["unique_id"], project["sources"][0]["unique_id"],
    ]
    found = fired(project)
    assert ("exposures_dependent_on_private_models", "orders_dashboard/int_orders_enriched") in found
    assert ("exposures_dependent_on_private_models", "orders_dashboard/raw.orders") in found
    assert ("exposure_parents_materializations", "orders_dashboard/int_orders_enriched") in found


def test_exposures_fire_on_a_mart_that_is_not_public(project):
    project["models"]["fct_orders"]["access"] = project["models"]["fct_orders"]["config"]["access"] = "protected"
    assert fired(project) == {("exposures_dependent_on_private_models", "orders_dashboard/fct_orders")}


def test_public_sql_model_needs_a_contract_python_model_cannot(project):
    project["models"]["fct_orders"]["config"]["contract"]["enforced"] = False
    assert fired(project) == {("public_models_without_contract", "fct_orders")}
    project["models"]["fct_orders"]["language"] = "python"
    assert violations(project) == []


# --- exceptions and the command -------------------------------------------------------------------


def test_an_exception_with_a_reason_removes_the_violation_and_unused_ones_are_reported(project):
    project["models"]["fct_orders"]["name"] = "orders_wide"
    exceptions = pe.parse_exceptions({"exceptions": [
        {"rule": "model_naming_conventions", "resource": "orders_*", "reason": "a legacy name BI depends on"},
        {"rule": "root_models", "resource": "gone_model", "reason": "was a calendar"},
    ]})
    result = pe.evaluate(manifest_of(project), exceptions)
    assert result.violations == []
    assert [v.resource for v, _ in result.excepted] == ["orders_wide"]
    assert [e.resource for e in result.unused_exceptions] == ["gone_model"]


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"rule": "root_models", "resource": "x"}, "needs a reason"),
        ({"rule": "no_such_rule", "resource": "x", "reason": "r"}, "unknown rule"),
        ({"rule": "root_models", "reason": "r"}, "no resource"),
    ],
)
def test_an_exception_needs_a_known_rule_a_resource_and_a_reason(entry, message):
    with pytest.raises(pe.ExceptionsFileError, match=message):
        pe.parse_exceptions({"exceptions": [entry]})


def test_the_command_lists_each_violation_with_its_rule_and_fails(project, tmp_path, capsys):
    drop_tests(project, "int_orders_enriched", ("unique",))
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(manifest_of(project)))
    empty_exceptions = tmp_path / "none.yml"
    assert pe.main(["--manifest", str(manifest), "--exceptions", str(empty_exceptions)]) == 1
    out = capsys.readouterr().out
    assert "missing_primary_key_tests - every model has a primary-key test" in out
    assert "  int_orders_enriched: no primary-key test" in out
    fixed = copy.deepcopy(project)
    fixed["tests"] += [data_test("unique", fixed["models"]["int_orders_enriched"], "id")]
    manifest.write_text(json.dumps(manifest_of(fixed)))
    assert pe.main(["--manifest", str(manifest), "--exceptions", str(empty_exceptions)]) == 0


def test_the_shipped_exceptions_file_is_valid():
    exceptions = pe.load_exceptions(pe.DEFAULT_EXCEPTIONS)
    assert exceptions and all(e.reason for e in exceptions)


# --- the real project ---------------------------------------------------------------------------


@pytest.mark.dbt
def test_the_real_project_passes(tmp_path):
    from .conftest import failure_messages, run_dbt

    prebuilt = os.environ.get("LEAD_FUNNEL_FIXTURE_TARGET")
    if prebuilt:
        # make test / make test-fast: the manifest of make test-dbt-fixtures, dbt's full parse of
        # this checkout moments ago (a second `dbt parse` here cost ~30 CPU s for the same manifest)
        manifest_path = Path(prebuilt) / "manifest.json"
    else:
        result = run_dbt(["parse"], tmp_path / "parse.duckdb", tmp_path / "target")
        assert result.success, "\n".join(failure_messages(result))
        manifest_path = tmp_path / "target" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    outcome = pe.evaluate(manifest, pe.load_exceptions(pe.DEFAULT_EXCEPTIONS))
    assert outcome.unused_exceptions == []
    assert outcome.violations == [], pe.report(outcome, "dbt parse of the project")
