{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_email_delivered')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_marketo__activity_email_delivered'), 'quarantined') }}  -- noqa: AM04
