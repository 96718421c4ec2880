{#-
    Engagement at as_of: per lead and activity type, the points of the activities in the lead's
    recency window ending at as_of (an activity exactly `window` days old counts), decayed when
    var scoring_decay_enabled, capped per type; plus one `engagement_total_cap` row that takes
    back what exceeds var scoring_engagement_cap, so the rows sum to the engagement score.
    The definition is macro lead_engagement_components_ctes: the per-lead incremental models
    (fct_lead_score_components, and dim_leads through macro leads_scored_ctes) call it with
    int_leads_affected so that only those leads are aggregated.
-#}

with

{{ lead_funnel.lead_engagement_components_ctes('final') }}

select * from final
