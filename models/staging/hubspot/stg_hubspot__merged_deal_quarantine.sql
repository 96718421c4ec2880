{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'merged_deal')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__merged_deal'), outcome='quarantined') }}  -- noqa: AM04
