{{
    config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key='raw_row_id',
        on_schema_change='fail',
        pre_hook="{{ lead_funnel.incremental_copy_loaded() }}",
        post_hook="{{ lead_funnel.incremental_drop_loaded_copy() }}"
    )
}}
{#-
    Incremental (docs/performance.md). A run re-reads the raw rows dated from `reprocess_from` on
    (the latest staged occurred_at, or as_of + tolerance when earlier, minus
    var incremental_lookback_days) and undated ones, and re-decides the loaded rows whose outcome
    can change: rows quarantined for their lead (the lead may have arrived), valid rows whose lead
    is no longer staged, and every loaded row sharing an activity_id with those (the latest
    occurrence wins, so the kept row can move). Outcomes are computed over that set exactly as a
    full build computes them over all rows, and replace the loaded rows by raw_row_id
    (delete+insert). Raw activities are append-only: a row dated before reprocess_from that arrives
    late is not read until `--full-refresh`; conserves_raw_rows fails meanwhile, naming the gap.
-#}
{%- set raw_types = lead_funnel.raw_input_types('activities') -%}
{%- set raw_occurred_at = lead_funnel.safe_timestamp('occurred_at', raw_types) -%}
{%- set occurred_at_problem = lead_funnel.timestamp_problem('occurred_at', raw_occurred_at) -%}
{#-
    reprocess_from is read from `this` when the model runs and written in as a constant, so the
    lookback filter reaches the scans (a subquery's value made the daily run hash every loaded row;
    docs/performance.md). `this`, not incremental_loaded(): Spark copies it in a pre-hook, later.
    reopened_columns: a reopened loaded row's columns (typed as loaded), both halves of `reopened`
    (its raw_row_hash comes from raw_row_id). stored_columns: what the table keeps, not raw_row_hash
    (the prefix of raw_row_id: macro raw_row_hash_of_id) nor kept_row_hash (duplicate_kind already
    says whether it equals raw_row_hash): the two md5 texts were 2/3 of the table (issue #18).
-#}
{%- set reopened_columns = [
    'activity_id', 'lead_id', 'activity_type', 'occurred_at', 'asset', 'campaign_id',
    'raw_occurred_at', 'raw_activity_type', 'occurred_at_problem'
] -%}
{%- set stored_columns = ['raw_row_id', 'rejection_reason', 'row_outcome', 'duplicate_kind', 'dedup_rank']
    + reopened_columns + ['is_known_activity_type', 'content_hash'] -%}
{%- set reprocess_from = "cast(null as " ~ dbt.type_timestamp() ~ ")" -%}
{%- if execute and is_incremental() -%}
    {%- set bounds_query -%}
        select
            {{ lead_funnel.incremental_reprocess_from(
                'occurred_at',
                dbt.dateadd('day', var('future_tolerance_days'), lead_funnel.as_of())
            ) }} as reprocess_from
        from {{ this }}
        where row_outcome = 'staged'
    {%- endset -%}
    {%- set bound = run_query(bounds_query).columns[0].values()[0] -%}
    {%- if bound is not none -%}
        {%- set reprocess_from = "cast('" ~ bound ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- endif -%}
{%- endif -%}

with

source as (
    select * from {{ lead_funnel.raw_input('activities') }}
),

known_activity_types as (
    select enum_value from {{ ref('enum_values') }}
    where enum_name = 'activity_type'
),

leads as (
    -- every raw lead row's outcome, to tell unknown leads from leads that were not staged
    select
        lead_id,
        max(case when row_outcome = 'staged' then 1 else 0 end) as is_staged
    from {{ ref('base_raw__leads') }}
    where lead_id is not null
    group by 1
),

activity_types as (
    -- each distinct raw activity_type typed once: canonical_enum's regexes and synonym lookup and
    -- clean_text run per spelling (a few dozen), not per row; typed_source joins them back. Read
    -- from the raw input with read_source's filter, not from read_source (a CTE read twice is
    -- materialized whole).
    select
        raw_activity_types.activity_type as raw_value,
        {{ lead_funnel.canonical_enum('raw_activity_types.activity_type', 'activity_type') }} as canonical_value,
        {{ lead_funnel.clean_text('raw_activity_types.activity_type', 200) }} as cleaned_value
    from (
        select distinct activity_type from {{ lead_funnel.raw_input('activities') }}
        where
            activity_type is not null
            and {{ lead_funnel.incremental_is_reprocessed(raw_occurred_at, reprocess_from) }}
    ) as raw_activity_types
),

{% if is_incremental() %}

    {#- loaded rows read by relation per CTE (a `loaded` CTE read thrice was materialized whole) -#}
    read_source as (
        -- raw rows in the lookback, dated from reprocess_from on (filtered before any typing or hashing)
        select source.*
        from source
        where {{ lead_funnel.incremental_is_reprocessed(raw_occurred_at, reprocess_from) }}
    ),

    {{ lead_funnel.raw_activities_reopened_ctes(reprocess_from, reopened_columns) }},

{% else %}

    read_source as (
        select * from source
    ),

{% endif %}

activity_keys as (
    -- every row's activity_id, cleaned as it is typed: a narrow read of the key alone (counting
    -- the keys of a CTE of the typed rows, which both branches of outcomes also read, made
    -- DuckDB materialize every typed row: 7.8 GB of spill at tier M, issue #18)
    select {{ lead_funnel.clean_text('read_source.activity_id') }} as activity_id
    from read_source
    {%- if is_incremental() %}
    union all
    select reopened.activity_id from reopened
    {%- endif %}
),

-- the activity_ids more than one row has (counted once, read by both branches of outcomes)
repeated_activity_ids as (
    {{ lead_funnel.raw_row_repeated_keys('activity_keys', 'activity_id') }}
),

-- the rows typed and validated, split on the key before the typing (macro raw_activities_validated):
-- null or repeated activity_ids (ranked), and the others (kept as they are)
validated_repeated as (
    {{ lead_funnel.raw_activities_validated(true, reprocess_from, raw_occurred_at, occurred_at_problem) }}
),

validated_unique as (
    {{ lead_funnel.raw_activities_validated(false, reprocess_from, raw_occurred_at, occurred_at_problem) }}
),

-- among valid rows sharing an activity_id, the latest occurrence wins
outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated_repeated', ['activity_id'], 'occurred_at desc, raw_row_hash', skip_unique_keys=true,
        repeated_keys='repeated_activity_ids', unique_relation='validated_unique'
    ) }}
),

final as (
    select
        {{ stored_columns | join(',\n        ') }}
    from outcomes
)

{{ lead_funnel.incremental_select('final', 'raw_row_id') }}
