{{ config(enabled=lead_funnel.source_enabled('marketo')) }}
{#- One row per Marketo table, outcome and reason: the shape of stg_raw__row_outcomes. -#}
{{ lead_funnel.connector_row_outcomes('marketo', [
    'lead', 'activity_delete_lead', 'activity_merge_leads', 'activity_open_email', 'activity_click_email',
    'activity_email_bounced', 'activity_unsubscribe_email', 'activity_send_email', 'activity_email_delivered',
    'activity_fill_out_form', 'activity_visit_webpage', 'activity_change_data_value', 'campaign', 'program',
    'email_template_history'
]) }}
