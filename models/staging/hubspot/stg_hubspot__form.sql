{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'form')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__form'), outcome='staged') }}  -- noqa: AM04
