{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_company')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__contact_company'), outcome='quarantined') }}  -- noqa: AM04
