{#-
    The one definition of the bounded training sample (docs/ml.md "Training sample"): which
    eligible training leads the calibration fits and evaluates on, and the weight each carries so
    that rates, AUC, Platt scaling and lift stay those of every eligible lead.
    Strata by outcome (won / reached SQL, not won / neither). The cap (var ml_max_training_leads,
    through int_ml_settings) is shared out by water-filling: the strata, smallest first, are kept in
    full while they fit an equal share of what the smaller ones left; every larger stratum gets that
    share (floored), so the rare outcomes are kept in full and the sample never exceeds the cap.
    Within a stratum the leads with the lowest engine-native hash of lead_id are kept
    (deterministic, the same leads every run, no random()); weight = stratum leads / sampled leads.
-#}

with

training_set as (
    select
        lead_id,
        has_won,
        has_reached_sql
    from {{ ref('ml_lead_training_set') }}
    where is_training_eligible
),

settings as (
    select max_training_leads from {{ ref('int_ml_settings') }}
),

stratified as (
    select
        lead_id,
        {{ dbt.hash('lead_id') }} as sampling_key,
        case
            when has_won then 'won'
            when has_reached_sql then 'sql_not_won'
            else 'neither'
        end as sampling_stratum
    from training_set
),

strata as (
    select
        sampling_stratum,
        count(*) as stratum_leads
    from stratified
    group by 1
),

ranked_strata as (
    -- smallest first; fair share: the cap the smaller strata left, split equally over the rest
    select
        strata.sampling_stratum,
        strata.stratum_leads,
        row_number() over (order by strata.stratum_leads, strata.sampling_stratum) as size_rank,
        (
            settings.max_training_leads - coalesce(sum(strata.stratum_leads) over (
                order by strata.stratum_leads, strata.sampling_stratum
                rows between unbounded preceding and 1 preceding
            ), 0)
        ) / cast(
            count(*) over () - row_number() over (order by strata.stratum_leads, strata.sampling_stratum) + 1
            as {{ lead_funnel.type_double() }}
        ) as fair_share
    from strata
    cross join settings
),

binding_rank as (
    -- the smallest stratum that does not fit its fair share (none: every lead is kept)
    select min(size_rank) as size_rank
    from ranked_strata
    where stratum_leads > fair_share
),

binding_share as (
    select cast(floor(ranked_strata.fair_share) as bigint) as sampled_share
    from ranked_strata
    inner join binding_rank
        on ranked_strata.size_rank = binding_rank.size_rank
),

quotas as (
    select
        ranked_strata.sampling_stratum,
        ranked_strata.stratum_leads,
        -- a stratum smaller than the binding one fits the binding share too
        coalesce(
            least(ranked_strata.stratum_leads, binding_share.sampled_share), ranked_strata.stratum_leads
        ) as stratum_sampled_leads
    from ranked_strata
    left join binding_share
        on 1 = 1
),

ranked as (
    select
        stratified.lead_id,
        stratified.sampling_stratum,
        quotas.stratum_leads,
        quotas.stratum_sampled_leads,
        row_number() over (
            partition by stratified.sampling_stratum
            order by stratified.sampling_key, stratified.lead_id
        ) as sampling_rank
    from stratified
    inner join quotas
        on stratified.sampling_stratum = quotas.sampling_stratum
),

final as (
    select
        lead_id,
        sampling_stratum,
        cast(stratum_leads as bigint) as stratum_leads,
        cast(stratum_sampled_leads as bigint) as stratum_sampled_leads,
        cast(sampling_rank as bigint) as sampling_rank,
        sampling_rank <= stratum_sampled_leads as is_in_training_sample,
        case
            when sampling_rank <= stratum_sampled_leads
                then cast(stratum_leads as {{ lead_funnel.type_double() }}) / stratum_sampled_leads
        end as training_weight
    from ranked
)

select * from final
