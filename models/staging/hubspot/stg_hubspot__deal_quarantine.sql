{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_hubspot__deal'), 'quarantined') }}  -- noqa: AM04
