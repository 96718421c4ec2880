{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_hubspot__company'), 'staged') }}  -- noqa: AM04
