{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_form_submission')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_hubspot__contact_form_submission'), 'quarantined') }}  -- noqa: AM04
