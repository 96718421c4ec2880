{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_unsubscribe_email')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__activity_unsubscribe_email'), outcome='staged') }}  -- noqa: AM04
