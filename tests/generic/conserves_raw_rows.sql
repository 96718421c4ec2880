{#- Fails when a raw row is lost or counted twice: raw rows = staged + quarantined + duplicates. -#}
{#- After an incremental run of base_raw__activities it also fails for raw activities that arrived
    later than var incremental_lookback_days (not read until `dbt build --full-refresh`). -#}
{#- raw_table: a raw contract table, counted over every enabled source (macro raw_input);
    else raw_relation: the one relation the base model reads (a connector's source table). -#}
{% test conserves_raw_rows(model, quarantine_relation, outcomes_relation, raw_relation=none, raw_table=none) %}

{#- tagged daily: every instance runs on the daily run (selectors.yml) -#}
{{ config(tags=['daily']) }}

with

raw_rows as (
    select count(*) as row_count
    from {{ lead_funnel.raw_input(raw_table) if raw_table is not none else raw_relation }}
),

staged_rows as (
    select count(*) as row_count from {{ model }}
),

quarantined_rows as (
    select count(*) as row_count from {{ quarantine_relation }}
),

duplicate_rows as (
    select count(*) as row_count from {{ outcomes_relation }}
    where row_outcome = 'duplicate'
),

final as (
    select
        raw_rows.row_count as raw_row_count,
        staged_rows.row_count as staged_row_count,
        quarantined_rows.row_count as quarantined_row_count,
        duplicate_rows.row_count as duplicate_row_count
    from raw_rows
    cross join staged_rows
    cross join quarantined_rows
    cross join duplicate_rows
)

select * from final
where raw_row_count <> staged_row_count + quarantined_row_count + duplicate_row_count

{% endtest %}
