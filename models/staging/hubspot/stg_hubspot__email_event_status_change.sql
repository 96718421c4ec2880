{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'email_event_status_change')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__email_event_status_change'), outcome='staged') }}  -- noqa: AM04
