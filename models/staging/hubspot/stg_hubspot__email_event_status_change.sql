{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'email_event_status_change')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_hubspot__email_event_status_change'), 'staged') }}  -- noqa: AM04
