{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__contact'), outcome='quarantined') }}  -- noqa: AM04
