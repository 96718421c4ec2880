{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__deal'), outcome='quarantined') }}  -- noqa: AM04
