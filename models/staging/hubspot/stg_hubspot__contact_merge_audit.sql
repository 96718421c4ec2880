{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_merge_audit')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__contact_merge_audit'), outcome='staged') }}  -- noqa: AM04
