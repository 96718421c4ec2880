{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_send_email')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_marketo__activity_send_email'), 'quarantined') }}  -- noqa: AM04
