{#-
    Every canonical lead scored at as_of: engagement (the rows of int_lead_engagement_components,
    total cap included), whether a hand-raiser activity is inside the window, lead score,
    engagement grade and whether the MQL criteria hold now (macro mql_meets_criteria). dim_leads
    publishes it; the ML features read it here so the DAG flows one way. The definition is macro
    leads_scored_ctes: dim_leads calls it with int_leads_affected on incremental runs, so that only
    those leads' activities are aggregated.
-#}

with

{{ lead_funnel.leads_scored_ctes('final') }}

select * from final
