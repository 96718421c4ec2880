{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'engagement_contact')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_hubspot__engagement_contact'), 'staged') }}  -- noqa: AM04
