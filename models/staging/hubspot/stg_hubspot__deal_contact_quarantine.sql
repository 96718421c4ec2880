{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal_contact')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__deal_contact'), outcome='quarantined') }}  -- noqa: AM04
