"""The HTML report (lead_funnel.report) of the published fixture marts.

* it is self-contained: plotly.js inlined, no external script, stylesheet or image;
* a section whose mart is absent from the published file says so instead of failing;
* the funnel's stages come from seed funnel_stages in the published file, the MQL->SQL chart's
  verdicts from rpt_mql_definition_health: nothing is read from dbt_project.yml;
* (marked `browser`) opened in headless Chromium, every chart draws an SVG with traces, no JS
  error is logged and the page requests nothing from the network. Skipped without Chromium
  (`make browser` installs Debian's chromium).
"""

from __future__ import annotations

import json
import re
import shutil

import duckdb
import pytest

pytest.importorskip("plotly")

from lead_funnel import publish, report  # noqa: E402
from python_tests.ecosystem_helpers import copy_fixture_build  # noqa: E402

pytestmark = pytest.mark.dbt

EXPECTED_CHARTS = [f"chart-{key}" for key in (
    "funnel", "mql_to_sql", "score_distribution", "threshold_curve", "sla", "cost_per_mql", "top_aql_accounts",
    "scoring_model_comparison")]


@pytest.fixture(scope="module")
def published_bi(fixture_db, tmp_path_factory):
    work = tmp_path_factory.mktemp("report")
    db, target = copy_fixture_build(fixture_db, work / "warehouse")
    bi_path = work / "warehouse_bi.duckdb"
    publish.publish_from_warehouse(db, bi_path, target / "manifest.json", target / "run_results.json")
    # the funnel stage order is the seed funnel_stages, published with the marts
    con = duckdb.connect(str(bi_path))
    try:
        assert report.funnel_stages(con) is not None, "publish did not copy seed funnel_stages"
    finally:
        con.close()
    return bi_path


@pytest.fixture(scope="module")
def report_html(published_bi, tmp_path_factory):
    out = tmp_path_factory.mktemp("report_out") / "report.html"
    sections = report.write_report(published_bi, out)
    assert [s.key for s in sections if s.figure is None] == []
    return out


def _manifest(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="report-manifest">(.*?)</script>', html)
    return json.loads(match.group(1))


def test_report_is_self_contained(report_html):
    html = report_html.read_text(encoding="utf-8")
    assert _manifest(html)["charts"] == EXPECTED_CHARTS
    assert not re.search(r"<(script|img|iframe)[^>]+src=", html, re.IGNORECASE)
    assert not re.search(r"<link[^>]+href=", html, re.IGNORECASE)
    assert "Plotly.newPlot" in html and len(html) > 3_000_000  # plotly.js is inlined
    for key in EXPECTED_CHARTS:
        assert f'id="{key}"' in html


def test_a_missing_mart_is_reported_not_fatal(published_bi, tmp_path):
    partial = tmp_path / "bi_without_aql.duckdb"
    shutil.copy2(published_bi, partial)
    con = duckdb.connect(str(partial))
    con.execute("drop table marts.dim_accounts")
    con.execute("drop table marts.rpt_mql_threshold_curve")
    con.close()
    sections = report.write_report(partial, tmp_path / "report.html")
    absent = {s.key: s.note for s in sections if s.figure is None}
    assert set(absent) == {"top_aql_accounts", "threshold_curve"}
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "marts.dim_accounts is not in the published file" in html
    assert _manifest(html)["charts"] == [c for c in EXPECTED_CHARTS
                                         if c not in ("chart-top_aql_accounts", "chart-threshold_curve")]


def _copy(published_bi, tmp_path, sql: list[str]):
    path = tmp_path / "bi_edited.duckdb"
    shutil.copy2(published_bi, path)
    con = duckdb.connect(str(path))
    try:
        for statement in sql:
            con.execute(statement)
        schema = con.execute("select schema_name from duckdb_tables() where table_name = 'funnel_stages'").fetchall()
    finally:
        con.close()
    return path, (schema[0][0] if schema else None)


def test_funnel_stages_follow_the_seed_in_the_published_file(published_bi, tmp_path):
    path, schema = _copy(published_bi, tmp_path, [])
    con = duckdb.connect(str(path))
    con.execute(f"delete from {schema}.funnel_stages where stage in ('sal', 'opportunity')")
    con.execute(f"update {schema}.funnel_stages set stage_order = -stage_order")  # reversed
    stages = report.funnel_stages(con)
    section = report.funnel_section(con)
    con.close()
    assert stages == ["won", "sql", "mql", "lead"]
    assert list(section.figure.data[0].y) == ["Won", "SQL", "MQL", "Lead"]


def test_funnel_counts_a_stage_a_later_one_implies(published_bi, tmp_path):
    # the implied reading (docs/funnel.md): a lead with an SQL but no `accepted` reached SAL
    lead = "(select min(lead_id) from marts.fct_lead_funnel where sal_at is not null and sql_at is not null)"
    implied, _ = _copy(published_bi, tmp_path, [
        f"update marts.fct_lead_funnel set sal_at = null, is_sal_implied = true where lead_id = {lead}"])
    con = duckdb.connect(str(published_bi))
    stages = report.funnel_stages(con)
    before = dict(zip(stages, report.funnel_section(con).figure.data[0].x))
    con.close()
    con = duckdb.connect(str(implied))
    after = dict(zip(stages, report.funnel_section(con).figure.data[0].x))
    con.execute("update marts.fct_lead_funnel set is_sal_implied = false")
    recorded_only = dict(zip(stages, report.funnel_section(con).figure.data[0].x))
    con.close()
    assert after == before
    assert recorded_only["sal"] < before["sal"]


def test_missing_funnel_stages_are_reported(published_bi, tmp_path):
    path, schema = _copy(published_bi, tmp_path, [])
    con = duckdb.connect(str(path))
    con.execute(f"drop table {schema}.funnel_stages")
    con.close()
    sections = report.write_report(path, tmp_path / "report.html")
    funnel = next(s for s in sections if s.key == "funnel")
    assert funnel.figure is None and "seed funnel_stages" in funnel.note


def test_verdicts_are_the_marts_and_no_project_file_is_read(published_bi, tmp_path, monkeypatch):
    path, _ = _copy(published_bi, tmp_path, [
        "update marts.rpt_mql_definition_health set mql_to_sql_verdict = 'too_strict'"])
    monkeypatch.setenv("LEAD_FUNNEL_PROJECT_DIR", str(tmp_path / "no_project_here"))
    sections = report.write_report(path, tmp_path / "report.html")
    chart = next(s for s in sections if s.key == "mql_to_sql").figure
    colours = {c for trace in chart.data if trace.legendgroup != "verdicts" for c in trace.marker.color}
    assert colours == {report.VERDICT_COLOURS["too_strict"]}
    assert [t.name for t in chart.data if t.legendgroup == "verdicts"] == ["too_strict"]


def test_report_command_fails_clearly_without_a_published_file(tmp_path, capsys):
    assert report.main(["--bi-path", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "r.html")]) == 1
    assert "make publish" in capsys.readouterr().err


@pytest.mark.browser
def test_report_renders_every_chart_in_headless_chromium(report_html, tmp_path):
    from devtools.report_browser import check_report, find_chromium

    if find_chromium() is None:
        pytest.skip("Chromium is not installed (make browser)")
    pytest.importorskip("playwright")
    screenshot = tmp_path / "report.png"
    check = check_report(report_html, screenshot=screenshot)
    assert check.errors == []
    assert check.requests == []
    assert [c["id"] for c in check.charts] == EXPECTED_CHARTS
    assert check.empty == [], check.charts
    assert screenshot.stat().st_size > 50_000


def test_comparison_section_states_the_marts_totals(published_bi, tmp_path):
    """The draft-vs-active section's totals are the sums of rpt_scoring_model_comparison's last 12
    months and the count of fct_scoring_model_lead_changes: shift one month's draft MQLs and the
    sentence follows."""
    path, _ = _copy(published_bi, tmp_path, [
        "update marts.rpt_scoring_model_comparison set draft_mql_count = draft_mql_count + 7 "
        "where report_month = (select max(report_month) from marts.rpt_scoring_model_comparison) "
        "and segment = 'smb'"])
    con = duckdb.connect(str(path), read_only=True)
    try:
        summary = report.comparison_summary(con)
        expected = con.execute(
            "select sum(active_mql_count), sum(draft_mql_count) from marts.rpt_scoring_model_comparison "
            "where report_month > (select max(report_month) from marts.rpt_scoring_model_comparison) "
            "- interval 12 month").fetchone()
        section = report.scoring_model_comparison_section(con)
    finally:
        con.close()
    assert (summary["active_mqls"], summary["draft_mqls"]) == expected
    assert summary["draft_mqls"] == summary["active_mqls"] + 7  # the fixtures' draft changes no MQL
    assert f"{summary['draft_mqls']:,} under draft" in section.description and section.figure is not None
