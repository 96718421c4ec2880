{#-
    The stage each canonical lead is in at as_of. Events up to as_of are either forward (lead
    creation or status `open` = lead, every MQL event = mql, `accepted` = sal, `qualified` = sql,
    an opportunity created = opportunity) or exits (`rejected` = recycled, `nurture` right after
    `rejected` = recycled, other `nurture` = nurture, `disqualified` = disqualified). The current
    stage is the furthest forward stage reached strictly after the latest exit, else that exit's
    stage; a won funnel opportunity makes the lead a customer; a lead the scoring model
    disqualifies (competitor) that never got past `lead` is disqualified. recycle_count: how many
    times sales returned the lead to marketing (`rejected` statuses).
    The definition is macro funnel_lead_current_stage_ctes (macros/funnel_lead_*.sql): the
    incremental funnel readers call it for the recomputed leads only.
-#}

with

{{ lead_funnel.funnel_lead_current_stage_ctes('final') }}

select * from final
