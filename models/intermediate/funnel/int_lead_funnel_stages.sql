{#-
    Funnel stages per canonical lead (docs/funnel.md has the definitions as a table).
    Entry path: `sales_sourced` when sales reached a stage (accepted, qualified or an opportunity)
    before the lead's first MQL or without one, else `marketing`. Stages are looked for from the
    entry point on: the (first) MQL for marketing leads, lead creation for sales-sourced leads,
    so a sales-sourced lead is never counted as an MQL conversion.
    Each stage is the first record of its kind from the entry point on; a later stage implies the
    earlier ones, so when the first `qualified` precedes the first `accepted` (statuses recorded
    out of order) the lead was accepted no later than it was qualified: sal_at = sql_at (likewise
    sql_at is pulled back to an earlier opportunity). A lead cannot qualify before it exists: an
    MQL earlier than created_at enters the funnel at lead_at. Such leads are flagged
    has_out_of_order_stages.
    The definition is macro funnel_lead_stages_ctes (macros/funnel_lead_*.sql): the
    incremental funnel readers call it for the recomputed leads only.
-#}

with

{{ lead_funnel.funnel_lead_stages_ctes('final') }}

select * from final
