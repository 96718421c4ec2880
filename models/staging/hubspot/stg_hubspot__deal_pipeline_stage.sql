{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal_pipeline_stage')) }}

{{ lead_funnel.connector_rows(ref('base_hubspot__deal_pipeline_stage'), outcome='staged') }}  -- noqa: AM04
