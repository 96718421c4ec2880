{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal_company')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__deal_company'), outcome='staged') }}  -- noqa: AM04
