"""Visual report of the published marts: ``lead-funnel report`` / ``make report``.

Reads the published BI file (``$DUCKDB_BI_PATH``, read-only: see lead_funnel.publish) and writes
one self-contained HTML file - plotly.js is inlined, so it opens with no network - with:

1. the funnel by stage (fct_lead_funnel), stages in the order of seed funnel_stages (published
   with the marts);
2. the MQL->SQL rate by MQL-cohort month per segment, each month marked with its health verdict
   (rpt_mql_definition_health holds rates and verdicts, computed with the build's own bands);
3. the lead-score distribution per segment with the segment's MQL threshold (dim_leads);
4. the threshold curve of the Python model (rpt_mql_threshold_curve): projected MQLs per month
   and SAL acceptance per candidate threshold, current and recommended thresholds marked;
5. SLA compliance by MQL month and priority (fct_lead_funnel);
6. cost per MQL by lead source (fct_funnel_monthly, MQL cohort);
7. the top AQL accounts (dim_accounts);
8. the draft scoring model against the model in force over the last 12 months
   (rpt_scoring_model_comparison, fct_scoring_model_lead_changes): MQLs per month and the rates of
   each, with the totals and the leads that change in words.

A section whose mart is not in the published file says so instead of drawing a chart. The report
reads what the marts hold (rates, verdicts, flags) and never recomputes them, nor reads
dbt_project.yml: a build run with --vars is reported as built.

    lead-funnel report --bi-path warehouse_bi.duckdb --out reports/lead_funnel_report.html
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from lead_funnel import settings

DEFAULT_OUT = "reports/lead_funnel_report.html"
STAGE_SEED = "funnel_stages"  # stage, stage_order, description; fct_lead_funnel has <stage>_at
STAGE_ACRONYMS = {"mql", "sal", "sql", "aql"}
SEGMENT_COLOURS = {"enterprise": "#1f77b4", "mid_market": "#ff7f0e", "smb": "#2ca02c"}
VERDICT_COLOURS = {"too_loose": "#d62728", "below_median": "#ff9896", "healthy": "#2ca02c",
                   "strong": "#98df8a", "too_strict": "#9467bd", "too_early": "#bdbdbd",
                   "insufficient_volume": "#e0e0e0"}


class ReportError(RuntimeError):
    """The report could not be written."""


@dataclass
class Section:
    key: str
    title: str
    description: str
    figure: object | None = None  # a plotly Figure, or None when the mart is absent
    note: str | None = None


def _has(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?", [schema, table]
        ).fetchone()[0]
    )


def _absent(key: str, title: str, description: str, *relations: str) -> Section:
    names = ", ".join(f"marts.{name}" for name in relations)
    return Section(key, title, description, note=f"{names} is not in the published file: this chart is skipped.")


def _layout(fig, height: int = 420, **kwargs):
    fig.update_layout(height=height, margin={"l": 60, "r": 30, "t": 40, "b": 50}, template="plotly_white",
                      legend={"orientation": "h", "y": -0.18}, **kwargs)
    return fig


def funnel_stages(con) -> list[str] | None:
    """The funnel's stages in order, from seed funnel_stages in the published file (None if absent)."""
    found = con.execute(
        "select schema_name from duckdb_tables() where table_name = ? order by schema_name", [STAGE_SEED]
    ).fetchall()
    if not found:
        return None
    schema = found[0][0].replace('"', '""')
    return [row[0] for row in con.execute(f'select stage from "{schema}".{STAGE_SEED} order by stage_order').fetchall()]


def funnel_section(con) -> Section:
    import plotly.graph_objects as go

    title = "Funnel by stage"
    description = ("Leads that reached each stage by as_of (fct_lead_funnel), stages in the order of seed "
                   "funnel_stages; a stage a later one implies counts as reached (is_<stage>_implied, "
                   "as in fct_funnel_monthly).")
    if not _has(con, "marts", "fct_lead_funnel"):
        return _absent("funnel", title, description, "fct_lead_funnel")
    stages = funnel_stages(con)
    if not stages:
        return Section("funnel", title, description,
                       note=f"seed {STAGE_SEED} (the stage order) is not in the published file: this chart is "
                            "skipped (publish a build that has it: make publish).")
    columns = {row[0] for row in con.execute(
        "select column_name from duckdb_columns() where schema_name = 'marts' and table_name = 'fct_lead_funnel'"
    ).fetchall()}
    unknown = [stage for stage in stages if f"{stage}_at" not in columns]
    if unknown:
        raise ReportError(f"seed {STAGE_SEED} has stages without a <stage>_at column in fct_lead_funnel: {unknown}")
    # the implied reading (docs/funnel.md): reached = on record, or implied by a later stage
    reached = [f'count(case when "{stage}_at" is not null or "is_{stage}_implied" then 1 end)'
               if f"is_{stage}_implied" in columns else f'count("{stage}_at")' for stage in stages]
    counts = con.execute("select " + ", ".join(reached) + " from marts.fct_lead_funnel").fetchone()
    labels = [stage.upper() if stage in STAGE_ACRONYMS else stage.replace("_", " ").capitalize() for stage in stages]
    fig = go.Figure(go.Funnel(y=labels, x=list(counts), textinfo="value+percent initial",
                              marker={"color": "#1f77b4"}))
    return Section("funnel", title, description, _layout(fig, showlegend=False))


def mql_to_sql_section(con) -> Section:
    import plotly.graph_objects as go

    title = "MQL→SQL rate by MQL month, with the health verdicts"
    description = ("Share of each month's MQLs that became SQLs per segment, each month marked with its verdict "
                   "(too_loose .. too_strict against the build's bands, too_early, insufficient_volume), both as "
                   "rpt_mql_definition_health holds them. Months whose cohort is not mature yet are shaded grey.")
    if not _has(con, "marts", "rpt_mql_definition_health"):
        return _absent("mql_to_sql", title, description, "rpt_mql_definition_health")
    health = con.execute(
        "select report_month, segment, mql_count as mqls, sql_count as sqls, mql_to_sql_rate, "
        "mql_to_sql_verdict, is_cohort_mature "
        "from marts.rpt_mql_definition_health order by report_month, segment"
    ).df()
    fig = go.Figure()
    top = max(0.05, float(health["mql_to_sql_rate"].max() or 0) * 1.15)
    for segment, rows in health.groupby("segment"):
        fig.add_trace(go.Scatter(x=rows["report_month"], y=rows["mql_to_sql_rate"], name=segment,
                                 mode="lines+markers", line={"color": SEGMENT_COLOURS.get(segment), "width": 1.5},
                                 marker={"size": 9, "color": [VERDICT_COLOURS.get(v, "#7f7f7f")
                                                              for v in rows["mql_to_sql_verdict"]],
                                         "line": {"width": 1, "color": SEGMENT_COLOURS.get(segment, "#7f7f7f")}},
                                 customdata=rows[["mqls", "sqls", "mql_to_sql_verdict"]],
                                 hovertemplate="%{x|%Y-%m}: %{y:.1%} (%{customdata[1]} of %{customdata[0]} MQLs), "
                                               "%{customdata[2]}"))
    for verdict in [v for v in VERDICT_COLOURS if v in set(health["mql_to_sql_verdict"])]:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=verdict, legendgroup="verdicts",
                                 marker={"size": 9, "color": VERDICT_COLOURS[verdict]}))
    immature = health.loc[~health["is_cohort_mature"].fillna(False).astype(bool), "report_month"]
    if len(immature):
        start = pd.Timestamp(immature.min()) - pd.Timedelta(days=15)
        end = pd.Timestamp(health["report_month"].max()) + pd.Timedelta(days=15)
        fig.add_vrect(x0=start, x1=end, fillcolor="grey", opacity=0.15, line_width=0,
                      annotation_text="too early", annotation_position="top right")
    fig.update_yaxes(tickformat=".0%", range=[0, top], title="MQL→SQL rate")
    return Section("mql_to_sql", title, description, _layout(fig))


def score_distribution_section(con) -> Section:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    title = "Lead-score distribution per segment, with the MQL threshold"
    description = ("Lead score (fit + engagement) at as_of of the leads that are not disqualified (dim_leads); "
                   "the dashed line is the segment's MQL threshold.")
    if not _has(con, "marts", "dim_leads"):
        return _absent("score_distribution", title, description, "dim_leads")
    leads = con.execute(
        "select segment, lead_score, mql_score_threshold from marts.dim_leads where not is_disqualified"
    ).df()
    segments = sorted(leads["segment"].dropna().unique()) or ["(none)"]
    fig = make_subplots(rows=1, cols=len(segments), subplot_titles=segments, shared_yaxes=True)
    for index, segment in enumerate(segments, start=1):
        rows = leads[leads["segment"] == segment]
        fig.add_trace(go.Histogram(x=rows["lead_score"], xbins={"size": 5}, name=segment, showlegend=False,
                                   marker_color=SEGMENT_COLOURS.get(segment, "#7f7f7f")), row=1, col=index)
        thresholds = rows["mql_score_threshold"].dropna().unique()
        for threshold in thresholds:
            fig.add_vline(x=float(threshold), line_dash="dash", line_color="#d62728", row=1, col=index,
                          annotation_text=f"MQL ≥ {int(threshold)}", annotation_position="top left")
        fig.update_xaxes(title="lead score", row=1, col=index)
    fig.update_yaxes(title="leads", row=1, col=1)
    return Section("score_distribution", title, description, _layout(fig, showlegend=False))


def threshold_curve_section(con) -> Section:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    title = "MQL threshold curve (calibration model)"
    description = ("What each candidate threshold would have produced (rpt_mql_threshold_curve): projected MQLs "
                   "per month against BDR capacity, and projected SAL acceptance; filled dots meet the acceptance "
                   "target (meets_acceptance_target). Circles mark today's threshold, stars the recommended one.")
    if not _has(con, "marts", "rpt_mql_threshold_curve"):
        return _absent("threshold_curve", title, description, "rpt_mql_threshold_curve")
    curve = con.execute(
        "select segment, mql_threshold, projected_mqls_per_month, bdr_count * mqls_per_bdr_capacity as capacity, "
        "projected_sal_acceptance_rate, meets_acceptance_target, is_current_threshold, is_recommended "
        "from marts.rpt_mql_threshold_curve order by segment, mql_threshold"
    ).df()
    fig = make_subplots(rows=1, cols=2, subplot_titles=["Projected MQLs per month", "Projected SAL acceptance"])
    for segment, rows in curve.groupby("segment"):
        colour = SEGMENT_COLOURS.get(segment, "#7f7f7f")
        for col, column in ((1, "projected_mqls_per_month"), (2, "projected_sal_acceptance_rate")):
            fig.add_trace(go.Scatter(x=rows["mql_threshold"], y=rows[column], name=segment, legendgroup=segment,
                                     showlegend=col == 1, mode="lines", line={"color": colour}), row=1, col=col)
            for flag, symbol, label in (("is_current_threshold", "circle-open", "current"),
                                        ("is_recommended", "star", "recommended")):
                marked = rows[rows[flag].fillna(False).astype(bool)]
                if len(marked):
                    fig.add_trace(go.Scatter(x=marked["mql_threshold"], y=marked[column], mode="markers",
                                             marker={"symbol": symbol, "size": 14, "color": colour,
                                                     "line": {"width": 2, "color": colour}},
                                             name=f"{segment} {label}", legendgroup=segment, showlegend=False,
                                             hovertemplate=f"{segment} {label}: %{{x}}<extra></extra>"),
                                  row=1, col=col)
        capacity = rows["capacity"].dropna()
        if len(capacity):
            fig.add_trace(go.Scatter(x=rows["mql_threshold"], y=rows["capacity"], mode="lines",
                                     line={"color": colour, "dash": "dot", "width": 1}, name=f"{segment} capacity",
                                     legendgroup=segment, showlegend=False), row=1, col=1)
        meets = rows[rows["meets_acceptance_target"].fillna(False).astype(bool)]
        if len(meets):
            fig.add_trace(go.Scatter(x=meets["mql_threshold"], y=meets["projected_sal_acceptance_rate"],
                                     mode="markers", marker={"size": 7, "color": colour}, legendgroup=segment,
                                     name=f"{segment} meets the acceptance target", showlegend=False,
                                     hovertemplate=f"{segment}: %{{x}} meets the target<extra></extra>"),
                          row=1, col=2)
    fig.update_xaxes(title="MQL threshold (lead score)")
    fig.update_yaxes(tickformat=".0%", row=1, col=2)
    return Section("threshold_curve", title, description, _layout(fig))


def sla_section(con) -> Section:
    import plotly.graph_objects as go

    title = "SLA compliance by MQL month and priority"
    description = ("Share of MQLs with an SLA verdict that sales first touched within the SLA (fct_lead_funnel: "
                   "is_sla_met), per month of mql_at and MQL priority.")
    if not _has(con, "marts", "fct_lead_funnel"):
        return _absent("sla", title, description, "fct_lead_funnel")
    sla = con.execute(
        "select date_trunc('month', mql_at) as mql_month, coalesce(mql_priority, 'unknown') as priority, "
        "count(is_sla_met) as measured, count(case when is_sla_met then 1 end) as met "
        "from marts.fct_lead_funnel where is_sla_met is not null group by all order by 1, 2"
    ).df()
    fig = go.Figure()
    for priority, rows in sla.groupby("priority"):
        fig.add_trace(go.Bar(x=rows["mql_month"], y=rows["met"] / rows["measured"], name=f"{priority} priority",
                             customdata=rows[["met", "measured"]],
                             hovertemplate="%{x|%Y-%m}: %{y:.0%} (%{customdata[0]} of %{customdata[1]})"))
    if sla.empty:
        fig.add_annotation(text="no MQL has an SLA verdict yet", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05], title="SLA met")
    return Section("sla", title, description, _layout(fig, barmode="group"))


def cost_per_mql_section(con) -> Section:
    import plotly.graph_objects as go

    title = "Cost per MQL by lead source"
    description = ("Campaign spend over MQLs per lead source, all MQL-cohort months (fct_funnel_monthly); "
                   "sources without spend cost 0, spend without MQLs has no cost per MQL.")
    if not _has(con, "marts", "fct_funnel_monthly"):
        return _absent("cost_per_mql", title, description, "fct_funnel_monthly")
    cost = con.execute(
        "select lead_source, sum(spend_usd) as spend_usd, sum(mql_count) as mqls, "
        "sum(spend_usd) / nullif(sum(mql_count), 0) as cost_per_mql "
        "from marts.fct_funnel_monthly where cohort_type = 'mql' group by 1 order by cost_per_mql nulls first"
    ).df()
    cost["spend_usd"] = cost["spend_usd"].astype(float)
    cost["cost_per_mql"] = cost["cost_per_mql"].astype(float)
    fig = go.Figure(go.Bar(x=cost["cost_per_mql"], y=cost["lead_source"], orientation="h",
                           text=cost["cost_per_mql"].map(lambda v: "" if pd.isna(v) else f"${v:,.0f}"),
                           customdata=cost[["spend_usd", "mqls"]], marker_color="#1f77b4",
                           hovertemplate="%{y}: $%{x:,.2f} per MQL ($%{customdata[0]:,.0f} / %{customdata[1]} MQLs)"
                                         "<extra></extra>"))
    fig.update_xaxes(title="USD per MQL", tickprefix="$")
    return Section("cost_per_mql", title, description,
                   _layout(fig, height=max(320, 40 + 28 * len(cost)), showlegend=False))


def top_aql_accounts_section(con, limit: int = 15) -> Section:
    import plotly.graph_objects as go

    title = f"Top {limit} AQL accounts"
    description = ("Accounts qualified (AQL) at as_of by account engagement (dim_accounts), coloured by segment; "
                   "hover for engaged contacts, fit and first AQL.")
    if not _has(con, "marts", "dim_accounts"):
        return _absent("top_aql_accounts", title, description, "dim_accounts")
    accounts = con.execute(
        "select coalesce(account_name, account_id) as account, segment, account_engagement_score, "
        "engaged_contact_count as engaged_contacts, account_fit_score, strftime(first_aql_at, '%Y-%m-%d') as first_aql "
        "from marts.dim_accounts where is_aql "
        f"order by account_engagement_score desc, account_id limit {int(limit)}"
    ).df().iloc[::-1]
    fig = go.Figure()
    for segment, rows in accounts.groupby("segment", sort=False):
        fig.add_trace(go.Bar(x=rows["account_engagement_score"], y=rows["account"], orientation="h", name=segment,
                             marker_color=SEGMENT_COLOURS.get(segment, "#7f7f7f"),
                             customdata=rows[["engaged_contacts", "account_fit_score", "first_aql"]],
                             hovertemplate="%{y}: engagement %{x}, %{customdata[0]} engaged contacts, fit "
                                           "%{customdata[1]}, AQL since %{customdata[2]}<extra></extra>"))
    if accounts.empty:
        fig.add_annotation(text="no account is an AQL at as_of", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    fig.update_yaxes(categoryorder="array", categoryarray=list(accounts["account"]))
    fig.update_xaxes(title="account engagement score")
    return Section("top_aql_accounts", title, description,
                   _layout(fig, height=max(320, 60 + 26 * len(accounts))))


COMPARISON_MONTHS = 12


def _rate(numerator: float, denominator: float) -> float | None:
    return float(numerator) / float(denominator) if denominator else None


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def comparison_summary(con, months: int = COMPARISON_MONTHS) -> dict:
    """Totals of the last ``months`` MQL months of rpt_scoring_model_comparison, per model, and the
    leads of fct_scoring_model_lead_changes in them: the numbers the section states in words."""
    totals = con.execute(
        "with recent as (select * from marts.rpt_scoring_model_comparison "
        "where report_month > (select max(report_month) from marts.rpt_scoring_model_comparison) "
        f"- interval {int(months)} month) "
        "select max(draft_scoring_model_version), max(active_scoring_model_version), "
        "sum(active_mql_count), sum(draft_mql_count), sum(active_sal_count), sum(draft_sal_count), "
        "sum(active_decided_mql_count), sum(draft_decided_mql_count), sum(active_sql_count), "
        "sum(draft_sql_count), sum(active_won_count), sum(draft_won_count), min(report_month) from recent"
    ).fetchone()
    keys = ["draft_version", "active_version", "active_mqls", "draft_mqls", "active_sals", "draft_sals",
            "active_decided", "draft_decided", "active_sqls", "draft_sqls", "active_wins", "draft_wins", "since"]
    summary = dict(zip(keys, totals))
    for key in keys[2:-1]:
        summary[key] = int(summary[key] or 0)
    changes = {"draft_only": 0, "active_only": 0}
    if _has(con, "marts", "fct_scoring_model_lead_changes") and summary["since"] is not None:
        for change_type, count in con.execute(
                "select change_type, count(*) from marts.fct_scoring_model_lead_changes "
                "where first_mql_at >= ? group by 1", [summary["since"]]).fetchall():
            changes[change_type] = int(count)
    summary.update(changes)
    for model in ("active", "draft"):
        summary[f"{model}_sal_acceptance"] = _rate(summary[f"{model}_sals"], summary[f"{model}_decided"])
        summary[f"{model}_mql_to_sql"] = _rate(summary[f"{model}_sqls"], summary[f"{model}_mqls"])
    return summary


def scoring_model_comparison_section(con) -> Section:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    title = "Draft scoring model vs the model in force, last 12 months"
    description = ("MQLs per month under the model in force (what happened) and under the draft "
                   "(var scoring_draft_model_version, replayed over the same history), and the share of each "
                   "month's MQLs sales accepted (of those it decided on) and that became SQLs, summed over "
                   "segments from rpt_scoring_model_comparison. Draft-only MQLs were never worked by sales: "
                   "read the draft's rates as a floor.")
    if not _has(con, "marts", "rpt_scoring_model_comparison"):
        return _absent("scoring_model_comparison", title, description, "rpt_scoring_model_comparison")
    monthly = con.execute(
        "select report_month, sum(active_mql_count) as active_mqls, sum(draft_mql_count) as draft_mqls, "
        "sum(active_sal_count) as active_sals, sum(draft_sal_count) as draft_sals, "
        "sum(active_decided_mql_count) as active_decided, sum(draft_decided_mql_count) as draft_decided, "
        "sum(active_sql_count) as active_sqls, sum(draft_sql_count) as draft_sqls "
        "from marts.rpt_scoring_model_comparison "
        "where report_month > (select max(report_month) from marts.rpt_scoring_model_comparison) "
        f"- interval {COMPARISON_MONTHS} month group by 1 order by 1"
    ).df()
    summary = comparison_summary(con)
    if summary["draft_version"] is None:
        return Section("scoring_model_comparison", title, description,
                       note="No draft was backtested (var scoring_draft_model_version is null).")
    change = summary["draft_mqls"] - summary["active_mqls"]
    description += (
        f" Since {summary['since']}: {summary['active_mqls']:,} MQLs under the model in force "
        f"({summary['active_version']}), {summary['draft_mqls']:,} under draft {summary['draft_version']} "
        f"({change:+,}); SAL acceptance {_pct(summary['active_sal_acceptance'])} -> "
        f"{_pct(summary['draft_sal_acceptance'])}, MQL->SQL {_pct(summary['active_mql_to_sql'])} -> "
        f"{_pct(summary['draft_mql_to_sql'])}; {summary['draft_only']:,} leads would be MQLs only under the "
        f"draft, {summary['active_only']:,} only under the model in force (fct_scoring_model_lead_changes).")
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=("MQLs per month", "SAL acceptance and MQL→SQL"))
    for model, colour in (("active", "#1f77b4"), ("draft", "#ff7f0e")):
        label = "in force" if model == "active" else "draft"
        fig.add_trace(go.Bar(x=monthly["report_month"], y=monthly[f"{model}_mqls"], name=f"MQLs, {label}",
                             marker_color=colour), row=1, col=1)
        acceptance = monthly[f"{model}_sals"] / monthly[f"{model}_decided"].where(monthly[f"{model}_decided"] > 0)
        to_sql = monthly[f"{model}_sqls"] / monthly[f"{model}_mqls"].where(monthly[f"{model}_mqls"] > 0)
        fig.add_trace(go.Scatter(x=monthly["report_month"], y=acceptance, name=f"SAL acceptance, {label}",
                                 mode="lines+markers", line={"color": colour}), row=2, col=1)
        fig.add_trace(go.Scatter(x=monthly["report_month"], y=to_sql, name=f"MQL→SQL, {label}",
                                 mode="lines+markers", line={"color": colour, "dash": "dot"}), row=2, col=1)
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=".0%", row=2, col=1)
    return Section("scoring_model_comparison", title, description, _layout(fig, height=560))


def build_sections(con) -> list[Section]:
    return [
        funnel_section(con),
        mql_to_sql_section(con),
        score_distribution_section(con),
        threshold_curve_section(con),
        sla_section(con),
        cost_per_mql_section(con),
        top_aql_accounts_section(con),
        scoring_model_comparison_section(con),
    ]


def _publication(con) -> dict:
    if not _has(con, "main", "publication"):
        return {}
    row = con.execute("select * from main.publication limit 1").df()
    return {} if row.empty else {k: v for k, v in row.iloc[0].items() if v is not None and not pd.isna(v)}


CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{background:#1d2330;color:#fff;padding:18px 32px}header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#c9ced8;font-size:13px}main{max-width:1200px;margin:0 auto;padding:16px 24px 40px}
section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin:18px 0;padding:14px 18px}
section h2{font-size:17px;margin:0 0 4px}section p.description{margin:0 0 8px;color:#555;font-size:13px}
p.absent{background:#fff4e5;border-left:4px solid #ff9800;padding:8px 12px;font-size:14px}
"""


def render_html(sections: list[Section], publication: dict, bi_path: str) -> str:
    import plotly.io as pio
    from plotly.offline import get_plotlyjs

    charts, blocks = [], []
    for section in sections:
        body = ""
        if section.figure is not None:
            div_id = f"chart-{section.key}"
            charts.append(div_id)
            body = pio.to_html(section.figure, full_html=False, include_plotlyjs=False, div_id=div_id,
                               config={"displaylogo": False, "responsive": True})
        else:
            body = f'<p class="absent">{html.escape(section.note or "no data")}</p>'
        blocks.append(
            f'<section id="{section.key}"><h2>{html.escape(section.title)}</h2>'
            f'<p class="description">{html.escape(section.description)}</p>{body}</section>'
        )
    info = [f"published file: {Path(bi_path).name}"]
    if publication.get("published_at") is not None:
        info.append(f"published at {publication['published_at']} UTC")
    if publication.get("dbt_vars"):
        try:
            as_of = json.loads(publication["dbt_vars"]).get("as_of")
        except ValueError:
            as_of = None
        if as_of:
            info.append(f"as_of {as_of}")
    manifest = json.dumps({"charts": charts, "sections": [s.key for s in sections]})
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>lead_funnel report</title><style>{CSS}</style>"
        f"<script type=\"text/javascript\">{get_plotlyjs()}</script>"
        f"<script type=\"application/json\" id=\"report-manifest\">{manifest}</script></head><body>"
        f"<header><h1>lead_funnel — MQL funnel report</h1><p>{html.escape(' · '.join(info))}</p></header>"
        f"<main>{''.join(blocks)}</main></body></html>\n"
    )


def write_report(bi_path: str | Path, out: str | Path) -> list[Section]:
    """Write the HTML report of the published file ``bi_path`` to ``out``; returns its sections."""
    bi_path, out = Path(bi_path), Path(out)
    if not bi_path.exists():
        raise ReportError(f"no published file at {bi_path}: run `make publish` first")
    con = duckdb.connect(str(bi_path), read_only=True)
    try:
        publication = _publication(con)
        sections = build_sections(con)
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    partial.write_text(render_html(sections, publication, str(bi_path)), encoding="utf-8")
    os.replace(partial, out)
    return sections


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bi-path", default=settings.bi_path(),
                        help="the published file (default $DUCKDB_BI_PATH or warehouse_bi.duckdb)")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"HTML file to write (default {DEFAULT_OUT}); "
                        "check it in headless Chromium with `make report-screenshot`")


def run(args: argparse.Namespace) -> int:
    try:
        sections = write_report(args.bi_path, args.out)
    except ReportError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 1
    absent = [s.key for s in sections if s.figure is None]
    print(f"wrote {args.out} ({len(sections) - len(absent)} charts" + (f"; absent: {', '.join(absent)})" if absent else ")"))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
