{#-
    Sales touches: the activities of var funnel_sales_touch_activity_types and the status changes
    of var funnel_sales_touch_statuses, up to as_of, on the canonical lead (duplicate-person
    records repointed). This is the funnel's only read of the activities: filtered to the
    sales-touch types before anything else.
    The definition is macro funnel_sales_touches_ctes (macros/funnel_lead_*.sql): the
    incremental funnel readers call it for the recomputed leads only.
-#}

with

{{ lead_funnel.funnel_sales_touches_ctes('final') }}

select * from final
