{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'engagement')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__engagement'), outcome='quarantined') }}  -- noqa: AM04
