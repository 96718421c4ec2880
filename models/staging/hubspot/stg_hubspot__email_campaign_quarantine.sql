{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'email_campaign')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_hubspot__email_campaign'), 'quarantined') }}  -- noqa: AM04
