{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'engagement')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_hubspot__engagement'), 'quarantined') }}  -- noqa: AM04
