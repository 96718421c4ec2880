{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#-
    Daily spend from Salesforce campaigns (README "Connectors"): actual_cost spread evenly over
    start_date..end_date (one day when end_date is missing or before start_date), the lead_source
    from the campaign type by seed salesforce_campaign_type_lead_source_map (unknown types kept as
    exported). Campaigns without actual_cost or start_date have no spend. At most 3,660 days per
    campaign.
-#}
{%- set has_campaigns = lead_funnel.connector_table_enabled('salesforce', 'campaign') -%}

with

{% if has_campaigns %}
    campaigns as (
        select * from {{ ref('stg_salesforce__campaign') }}
    ),
{% else %}
    campaigns as (
        -- campaign disabled (var salesforce__campaign_enabled): no spend
        {{ lead_funnel.empty_relation([
            ('id', 'text'), ('type', 'text'), ('start_date', 'date'), ('end_date', 'date'),
            ('actual_cost', 'float')
        ]) }}
    ),
{% endif %}

type_map as (
    select * from {{ ref('salesforce_campaign_type_lead_source_map') }}
),

digits as (
    select 0 as digit
    union all
    select 1
    union all
    select 2
    union all
    select 3
    union all
    select 4
    union all
    select 5
    union all
    select 6
    union all
    select 7
    union all
    select 8
    union all
    select 9
),

day_offsets as (
    select ones.digit + 10 * tens.digit + 100 * hundreds.digit + 1000 * thousands.digit as day_offset
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
    where ones.digit + 10 * tens.digit + 100 * hundreds.digit + 1000 * thousands.digit < 3660
),

spans as (
    select
        id,
        type,
        start_date,
        actual_cost,
        case
            when end_date is null or end_date < start_date then 1
            else 1 + {{ dbt.datediff('start_date', 'end_date', 'day') }}
        end as span_days
    from campaigns
    where
        actual_cost is not null
        and actual_cost <> 0
        and start_date is not null
),

days as (
    select
        spans.id,
        spans.type,
        cast(
            {{ dbt.dateadd('day', 'day_offsets.day_offset', 'spans.start_date') }} as date
        ) as spend_date,
        spans.actual_cost / spans.span_days as amount_usd
    from spans
    inner join day_offsets
        on spans.span_days > day_offsets.day_offset
),

final as (
    select
        days.spend_date,
        days.type as campaign_type,
        coalesce(type_map.lead_source, days.type) as lead_source,
        type_map.lead_source is not null as is_mapped_lead_source,
        {{ dbt.concat(["'salesforce:'", 'days.id']) }} as campaign_id,
        days.amount_usd
    from days
    left join type_map
        on
            {{ lead_funnel.normalise_enum('days.type') }}
            = {{ lead_funnel.normalise_enum('type_map.campaign_type') }}
)

select * from final
