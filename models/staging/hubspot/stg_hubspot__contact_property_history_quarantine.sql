{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_property_history')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__contact_property_history'), outcome='quarantined') }}  -- noqa: AM04
