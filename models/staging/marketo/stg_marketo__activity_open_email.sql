{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_open_email')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__activity_open_email'), outcome='staged') }}  -- noqa: AM04
