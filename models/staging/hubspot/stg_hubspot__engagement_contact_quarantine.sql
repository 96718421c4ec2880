{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'engagement_contact')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__engagement_contact'), outcome='quarantined') }}  -- noqa: AM04
