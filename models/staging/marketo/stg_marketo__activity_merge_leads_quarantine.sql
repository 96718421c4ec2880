{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_merge_leads')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__activity_merge_leads'), outcome='quarantined') }}  -- noqa: AM04
