{#-
    Data-quality monitor (issue #15): the share of "bad" rows of a raw table, per reason, stays at or
    below a threshold. Rows are weighted by `weight` (row_count on stg_raw__row_outcomes, 1 on a
    base model); `where` picks the table's rows, `bad_when` the bad ones, `reason` names why
    (a column or a quoted literal). The threshold is var monitor_<level>_share[monitored_table]
    (or its `default`).

    level warn: each breaching reason is a returned row carrying monitored_table, reason, share and
    a readable message (configure `severity: warn` and `store_failures: true`; `make run`'s
    summary prints the messages). level error: a breach stops the build with the message itself
    (the engine's error function), so dbt's output names table, reason and share.
-#}
{% test share_below_threshold(
    model, monitored_table, level, bad_when, reason, where='1 = 1', weight='1', what='rows'
) %}

{%- set shares = var('monitor_' ~ level ~ '_share') -%}
{%- set max_share = shares.get(monitored_table, shares['default']) -%}

with

monitored as (
    select
        {{ reason }} as reason,
        {{ weight }} as row_weight,
        case when {{ bad_when }} then 1 else 0 end as is_bad
    from {{ model }}
    where {{ where }}
),

total as (
    select sum(row_weight) as total_rows from monitored
),

by_reason as (
    select
        monitored.reason,
        sum(monitored.row_weight) as bad_rows
    from monitored
    where monitored.is_bad = 1
    group by 1
),

shares as (
    select
        '{{ monitored_table }}' as monitored_table,
        cast(by_reason.reason as {{ dbt.type_string() }}) as reason,
        by_reason.bad_rows,
        total.total_rows,
        cast(by_reason.bad_rows as {{ dbt.type_float() }}) / total.total_rows as share,
        {{ max_share }} as max_share
    from by_reason
    cross join total
    where total.total_rows > 0
),

breaches as (
    select
        shares.*,
        {{ dbt.concat([
            "'lead_funnel monitor (" ~ level ~ "): '",
            "cast(round(100 * shares.share, 1) as " ~ dbt.type_string() ~ ")",
            "'% of " ~ monitored_table ~ " " ~ what ~ " ('",
            "cast(shares.bad_rows as " ~ dbt.type_string() ~ ")", "' of '",
            "cast(shares.total_rows as " ~ dbt.type_string() ~ ")",
            "') are '", "shares.reason",
            "', above the " ~ level ~ " threshold of " ~ (max_share * 100) ~ "% (var monitor_" ~ level ~ "_share)'"
        ]) }} as message
    from shares
    where shares.share > shares.max_share
)

{%- if level == 'error' %}
select
    breaches.*,
    {{ adapter.dispatch('raise_error_sql', 'lead_funnel')('breaches.message') }} as raised
from breaches
{%- else %}
select * from breaches
{%- endif %}

{% endtest %}
