{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_click_email')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__activity_click_email'), outcome='quarantined') }}  -- noqa: AM04
