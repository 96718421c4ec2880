{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'email_event')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__email_event'), outcome='staged') }}  -- noqa: AM04
