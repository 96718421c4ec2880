{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_change_data_value')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__activity_change_data_value'), outcome='quarantined') }}  -- noqa: AM04
