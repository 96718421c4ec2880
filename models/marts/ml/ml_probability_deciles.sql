{#-
    The decile cut points of the last fit (docs/ml.md "Deciles"): every lead's probability at
    fit time (macro ml_lead_probabilities), ranked per outcome (1 = the top tenth, equal
    probabilities split by lead_id); ml_lead_predictions places a lead by them. Part of the
    calibration (selectors.yml): the daily run keeps these cut points.
-#}

with

{{ lead_funnel.ml_lead_probabilities() }},

ranked as (
    select
        outcome,
        probability,
        row_number() over (partition by outcome order by probability desc, lead_id asc) - 1 as lead_rank,
        count(*) over (partition by outcome) as predicted_leads
    from lead_probabilities
    where probability is not null
),

deciled as (
    select
        outcome,
        probability,
        -- the rank's tenth: floor(rank * 10 / leads) is exact in doubles (rank, leads < 2^53)
        cast(floor(lead_rank * 10.0 / predicted_leads) as integer) + 1 as decile
    from ranked
),

cuts as (
    select
        outcome,
        decile,
        min(probability) as min_probability,
        max(probability) as max_probability,
        count(*) as leads
    from deciled
    group by 1, 2
),

fit as (
    {{ lead_funnel.ml_scoring_fit_id(ref('ml_scoring_weights'), 'cuts') }}
),

final as (
    select
        cast(
            {{ dbt.concat(['cuts.outcome', "':'", dbt.cast('cuts.decile', dbt.type_string())]) }}
            as {{ dbt.type_string() }}
        ) as probability_decile_id,
        cast(cuts.outcome as {{ dbt.type_string() }}) as outcome,
        cast(cuts.decile as {{ dbt.type_bigint() }}) as decile,
        cast(cuts.min_probability as {{ lead_funnel.type_double() }}) as min_probability,
        cast(cuts.max_probability as {{ lead_funnel.type_double() }}) as max_probability,
        cast(cuts.leads as {{ dbt.type_bigint() }}) as leads,
        fit.scoring_fit_id
    from cuts
    cross join fit
)

select * from final
