{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_email_bounced')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__activity_email_bounced'), outcome='staged') }}  -- noqa: AM04
