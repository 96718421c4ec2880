{#-
    The leads the draft scoring model would change: one row per lead that became an MQL under
    only one of the two models over the history up to as_of (`draft_only`: the draft would have
    sent it to sales, the model in force did not; `active_only`: the reverse), with its first MQL
    under that model, what sales did with it so far (int_scoring_model_mql_outcomes: nothing yet
    for most draft-only leads, which sales never saw) and the rules that made the difference
    (int_scoring_model_rule_differences, from the score explanation of each version).
-#}

with

outcomes as (
    select * from {{ ref('int_scoring_model_mql_outcomes') }}
),

differences as (
    select * from {{ ref('int_scoring_model_rule_differences') }}
),

leads as (
    select * from {{ ref('int_leads_enriched') }}
),

mql_leads as (
    select
        lead_id,
        max(case when scoring_model = 'active' then 1 else 0 end) = 1 as is_active_mql,
        max(case when scoring_model = 'draft' then 1 else 0 end) = 1 as is_draft_mql
    from outcomes
    group by 1
),

changed as (
    select
        lead_id,
        case when is_draft_mql then 'draft_only' else 'active_only' end as change_type,
        case when is_draft_mql then 'draft' else 'active' end as scoring_model
    from mql_leads
    where is_active_mql <> is_draft_mql
),

reasons as (
    -- the differing rules in words, e.g. "fit_rule lead_source_referral: none -> 15"
    select
        differences.lead_id,
        cast(count(*) as bigint) as difference_count,
        {{ lead_funnel.sorted_string_agg(
            dbt.concat([
                'differences.rule_type', "' '", 'differences.rule_id', "': '",
                "coalesce(cast(differences.active_points as " ~ dbt.type_string() ~ "), 'none')",
                "' -> '",
                "coalesce(cast(differences.draft_points as " ~ dbt.type_string() ~ "), 'none')"
            ]),
            "'; '"
        ) }} as difference_reasons
    from differences
    inner join changed
        on differences.lead_id = changed.lead_id
    group by 1
),

final as (
    select
        changed.lead_id,
        changed.change_type,
        outcomes.scoring_model_version,
        leads.segment as current_segment,
        outcomes.segment as segment_at_mql,
        outcomes.mql_at as first_mql_at,
        outcomes.mql_trigger,
        cast(outcomes.lead_score_at_mql as integer) as lead_score_at_mql,
        outcomes.is_sales_sourced,
        outcomes.sal_at,
        outcomes.sql_at,
        outcomes.won_at,
        outcomes.is_rejected,
        case
            when outcomes.is_sales_sourced then 'sales_sourced'
            when outcomes.won_at is not null then 'won'
            when outcomes.sql_at is not null then 'sql'
            when outcomes.sal_at is not null then 'sal'
            when outcomes.is_rejected then 'rejected'
            else 'no_sales_outcome'
        end as outcome_so_far,
        coalesce(reasons.difference_count, 0) as difference_count,
        reasons.difference_reasons
    from changed
    inner join outcomes
        on
            changed.lead_id = outcomes.lead_id
            and changed.scoring_model = outcomes.scoring_model
    inner join leads
        on changed.lead_id = leads.lead_id
    left join reasons
        on changed.lead_id = reasons.lead_id
)

select * from final
