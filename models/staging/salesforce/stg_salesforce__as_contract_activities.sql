{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#-
    The contract's activities table from Salesforce: the rows of stg_salesforce__activities that
    are activities, plus is_date_only (documented extra column: the time is a date at 00:00 UTC).
-#}

with

activities as (
    select * from {{ ref('stg_salesforce__activities') }}
),

final as (
    select
        activity_id,
        lead_id,
        activity_type,
        occurred_at,
        asset,
        campaign_id,
        is_date_only
    from activities
    where is_activity
)

select * from final
