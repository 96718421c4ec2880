{#-
    Sales touches: the activities of var funnel_sales_touch_activity_types and the status changes
    of var funnel_sales_touch_statuses, up to as_of, on the canonical lead (duplicate-person
    records repointed). This is the funnel's only read of the activities: filtered to the
    sales-touch types before anything else.
-#}

with

activities as (
    select
        activity_id,
        lead_id,
        activity_type,
        occurred_at
    from {{ ref('int_activities_scored') }}
    where
        activity_type in {{ lead_funnel.scoring_sql_list(var('funnel_sales_touch_activity_types')) }}
        and occurred_at <= {{ lead_funnel.as_of() }}
),

statuses as (
    select
        status_change_id,
        lead_id,
        status,
        changed_at
    from {{ ref('int_lead_status_history_repointed') }}
    where
        status in {{ lead_funnel.scoring_sql_list(var('funnel_sales_touch_statuses')) }}
        and changed_at <= {{ lead_funnel.as_of() }}
),

activity_touches as (
    select
        lead_id,
        'activity' as touch_source,
        activity_type as touch_type,
        activity_id as source_record_id,
        occurred_at as touched_at
    from activities
),

status_touches as (
    select
        lead_id,
        'status' as touch_source,
        status as touch_type,
        status_change_id as source_record_id,
        changed_at as touched_at
    from statuses
),

unioned as (
    select * from activity_touches
    union all
    select * from status_touches
),

final as (
    select
        {{ lead_funnel.row_key(['touch_source', 'source_record_id']) }} as sales_touch_id,
        lead_id,
        touch_source,
        touch_type,
        source_record_id,
        touched_at
    from unioned
)

select * from final
