{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_form_submission')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__contact_form_submission'), outcome='staged') }}  -- noqa: AM04
