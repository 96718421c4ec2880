{#-
    The skeleton of rpt_mql_threshold_curve: every segment x candidate threshold (vars
    ml_threshold_min..ml_threshold_max by ml_threshold_step), the segment's current threshold,
    the months projected volume is averaged over (the ml_volume_months complete months before
    as_of) and the BDR capacity that applies in the month of as_of (seed sales_capacity: a row
    applies from its month until the segment's next row).
-#}

with

segments as (
    -- the segments of the scoring-model version in force at as_of
    select
        segment,
        mql_score_threshold
    from {{ ref('scoring_segments') }}
    where {{ lead_funnel.scoring_model_version_is('is_in_force_at_as_of') }}
),

sales_capacity as (
    select
        month,
        segment,
        bdr_count,
        mqls_per_bdr_capacity
    from {{ ref('sales_capacity') }}
),

thresholds as (
    {% for threshold in lead_funnel.ml_threshold_values() %}
        select {{ threshold }} as mql_threshold
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

as_of_month as (
    select {{ dbt.date_trunc('month', lead_funnel.as_of()) }} as month_start
),

capacity_in_effect as (
    select
        sales_capacity.segment,
        sales_capacity.month as capacity_month,
        sales_capacity.bdr_count,
        sales_capacity.mqls_per_bdr_capacity,
        row_number() over (
            partition by sales_capacity.segment
            order by sales_capacity.month desc
        ) as recency_rank
    from sales_capacity
    cross join as_of_month
    where sales_capacity.month <= as_of_month.month_start
),

final as (
    select
        {{ lead_funnel.row_key(['segments.segment', 'thresholds.mql_threshold']) }} as threshold_grid_id,
        segments.segment,
        cast(thresholds.mql_threshold as integer) as mql_threshold,
        cast(segments.mql_score_threshold as integer) as current_mql_threshold,
        thresholds.mql_threshold = segments.mql_score_threshold as is_current_threshold,
        cast(
            {{ dbt.dateadd('month', -1 * var('ml_volume_months'), 'as_of_month.month_start') }}
            as {{ dbt.type_timestamp() }}
        ) as volume_window_start_at,
        cast(as_of_month.month_start as {{ dbt.type_timestamp() }}) as volume_window_end_at,
        cast({{ var('ml_volume_months') }} as integer) as volume_months,
        capacity_in_effect.capacity_month,
        capacity_in_effect.bdr_count,
        capacity_in_effect.mqls_per_bdr_capacity
    from segments
    cross join thresholds
    cross join as_of_month
    left join capacity_in_effect
        on
            segments.segment = capacity_in_effect.segment
            and capacity_in_effect.recency_rank = 1
)

select * from final
