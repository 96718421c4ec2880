{#-
    The implied reading's sales stages (macro funnel_sales_stages: a later stage implies the earlier
    ones it skipped) are stages of seed funnel_stages, in its order. Returns the stages where the
    macro and the seed disagree (missing from the seed, or out of its order).
-#}

with

funnel_stages as (
    select * from {{ ref('funnel_stages') }}
),

macro_stages as (
    {% for stage in lead_funnel.funnel_sales_stages() %}
        select
            '{{ stage }}' as stage,
            {{ loop.index }} as macro_rank
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

ranked as (
    select
        macro_stages.stage,
        macro_stages.macro_rank,
        funnel_stages.stage_order,
        row_number() over (order by funnel_stages.stage_order) as seed_rank
    from macro_stages
    left join funnel_stages
        on macro_stages.stage = funnel_stages.stage
)

select * from ranked
where stage_order is null or seed_rank <> macro_rank
