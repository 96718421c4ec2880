{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'email_campaign')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__email_campaign'), outcome='staged') }}  -- noqa: AM04
