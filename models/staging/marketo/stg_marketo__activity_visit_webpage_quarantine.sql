{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_visit_webpage')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__activity_visit_webpage'), outcome='quarantined') }}  -- noqa: AM04
