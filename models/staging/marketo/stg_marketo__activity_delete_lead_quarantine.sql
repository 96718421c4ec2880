{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_delete_lead')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__activity_delete_lead'), outcome='quarantined') }}  -- noqa: AM04
