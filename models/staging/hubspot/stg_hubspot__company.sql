{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__company'), outcome='staged') }}  -- noqa: AM04
