{#-
    Campaign spend per month and lead source allocated to the segments of each monthly cohort
    (int_funnel_monthly_cohorts) by their share of the cohort's members of that source and month
    (leads for the `lead` cohort, MQLs for the `mql` cohort), in whole cents, largest remainder
    style: every segment gets the floor of its share, the cents left over go to the largest
    segment (ties: the first segment by name). Spend of a month and source without any cohort
    member goes to a row with segment `unallocated`, so each cohort type carries exactly the
    staged spend.
    Incremental (delete+insert on cohort_month, macro incremental_by_funnel_months): a run
    rebuilds the months of int_funnel_months_affected.
-#}

with

{{ lead_funnel.incremental_by_funnel_months() }}

cohorts as (
    select * from {{ ref('int_funnel_monthly_cohorts') }}
    {% if is_incremental() -%}
        where cohort_month in (select months_affected.cohort_month from months_affected)
    {%- endif %}
),

spend as (
    select * from {{ ref('int_campaign_spend_monthly') }}
    {% if is_incremental() -%}
        where spend_month in (select months_affected.cohort_month from months_affected)
    {%- endif %}
),

cohort_types as (
    select 'lead' as cohort_type
    union all
    select 'mql' as cohort_type
),

weighted as (
    select
        cohort_type,
        cohort_month,
        segment,
        lead_source,
        case when cohort_type = 'lead' then leads else mqls end as allocation_weight
    from cohorts
),

source_totals as (
    select
        cohort_type,
        cohort_month,
        lead_source,
        sum(allocation_weight) as total_weight
    from weighted
    group by 1, 2, 3
),

floored as (
    select
        weighted.cohort_type,
        weighted.cohort_month,
        weighted.segment,
        weighted.lead_source,
        spend.spend_cents,
        cast(
            floor(1.0 * spend.spend_cents * weighted.allocation_weight / source_totals.total_weight) as bigint
        ) as floor_cents,
        row_number() over (
            partition by weighted.cohort_type, weighted.cohort_month, weighted.lead_source
            order by weighted.allocation_weight desc, weighted.segment asc
        ) as weight_rank
    from weighted
    inner join source_totals
        on
            weighted.cohort_type = source_totals.cohort_type
            and weighted.cohort_month = source_totals.cohort_month
            and weighted.lead_source = source_totals.lead_source
    inner join spend
        on
            weighted.cohort_month = spend.spend_month
            and weighted.lead_source = spend.lead_source
),

allocated as (
    select
        cohort_type,
        cohort_month,
        segment,
        lead_source,
        false as is_unallocated,
        floor_cents
        + case
            when weight_rank = 1
                then spend_cents - sum(floor_cents) over (partition by cohort_type, cohort_month, lead_source)
            else 0
        end as spend_cents
    from floored
),

unallocated as (
    -- spend of a month and source with no member in the cohort type
    select
        cohort_types.cohort_type,
        spend.spend_month as cohort_month,
        'unallocated' as segment,
        spend.lead_source,
        true as is_unallocated,
        spend.spend_cents
    from spend
    cross join cohort_types
    left join source_totals
        on
            cohort_types.cohort_type = source_totals.cohort_type
            and spend.spend_month = source_totals.cohort_month
            and spend.lead_source = source_totals.lead_source
    where source_totals.lead_source is null
),

final as (
    select * from allocated
    union all
    select * from unallocated
)

{{ lead_funnel.incremental_select('final', 'cohort_month', replaced_keys='months_affected') }}
