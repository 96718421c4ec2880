{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_send_email')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_marketo__activity_send_email'), 'staged') }}  -- noqa: AM04
