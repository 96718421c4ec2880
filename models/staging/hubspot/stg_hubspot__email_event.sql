{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'email_event')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_hubspot__email_event'), 'staged') }}  -- noqa: AM04
