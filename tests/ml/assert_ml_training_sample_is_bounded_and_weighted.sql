{#-
    The training sample (ml_lead_training_sample) is what docs/ml.md "Training sample" promises:
    one row per eligible training lead; at most var ml_max_training_leads (int_ml_settings) in the
    sample; per stratum the sampled count as stated and weights summing to the stratum's leads (the
    population); a stratum is cut only to the largest share any stratum keeps (rare outcomes kept in
    full while they fit it). Returns one row per broken promise.
-#}

with

sample as (
    select * from {{ ref('ml_lead_training_sample') }}
),

training_set as (
    select lead_id from {{ ref('ml_lead_training_set') }}
    where is_training_eligible
),

settings as (
    select max_training_leads from {{ ref('int_ml_settings') }}
),

strata as (
    select
        sampling_stratum,
        count(*) as leads,
        max(stratum_leads) as stratum_leads,
        max(stratum_sampled_leads) as stratum_sampled_leads,
        sum(case when is_in_training_sample then 1 else 0 end) as sampled_leads,
        coalesce(sum(training_weight), 0) as weight_sum
    from sample
    group by 1
),

largest_share as (
    select max(sampled_leads) as sampled_leads from strata
),

totals as (
    select
        coalesce(sum(strata.leads), 0) as leads,
        coalesce(sum(strata.sampled_leads), 0) as sampled_leads
    from strata
),

eligible as (
    select count(*) as leads from training_set
),

failures as (
    select
        'over the cap' as failure,
        cast(totals.sampled_leads as {{ lead_funnel.type_double() }}) as observed
    from totals
    cross join settings
    where totals.sampled_leads > settings.max_training_leads

    union all

    select
        'not one row per eligible training lead' as failure,
        cast(totals.leads as {{ lead_funnel.type_double() }}) as observed
    from totals
    cross join eligible
    where totals.leads <> eligible.leads

    union all

    select
        'stratum ' || strata.sampling_stratum || ': counts or weights off' as failure,
        strata.weight_sum as observed
    from strata
    where
        strata.leads <> strata.stratum_leads
        or strata.sampled_leads <> strata.stratum_sampled_leads
        or abs(strata.weight_sum - strata.stratum_leads) > 1e-6 * strata.stratum_leads

    union all

    select
        'stratum ' || strata.sampling_stratum || ' cut below the largest share' as failure,
        cast(strata.sampled_leads as {{ lead_funnel.type_double() }}) as observed
    from strata
    cross join largest_share
    where strata.sampled_leads < strata.leads and strata.sampled_leads < largest_share.sampled_leads
)

select * from failures
