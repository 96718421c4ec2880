{#-
    Speed to lead per canonical lead. The first sales touch is the first sales-touch activity or
    status (int_funnel_sales_touches) at or after mql_at (for leads without a funnel MQL: at or
    after lead creation, for information only). The SLA target comes from seed sla_targets by the
    MQL's priority. sla_met: true when touched by mql_at + sla_minutes; false when the window has
    closed at as_of without a touch in it; null while the window is still open and nobody has
    touched the lead yet, and for leads without a funnel MQL.
    The definition is macro funnel_lead_mql_sla_ctes (macros/funnel_lead_*.sql): the
    incremental funnel readers call it for the recomputed leads only.
-#}

with

{{ lead_funnel.funnel_lead_mql_sla_ctes('final') }}

select * from final
