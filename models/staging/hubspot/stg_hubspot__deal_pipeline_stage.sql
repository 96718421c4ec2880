{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal_pipeline_stage')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_hubspot__deal_pipeline_stage'), 'staged') }}  -- noqa: AM04
