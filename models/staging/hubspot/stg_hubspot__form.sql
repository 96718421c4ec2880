{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'form')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_hubspot__form'), 'staged') }}  -- noqa: AM04
