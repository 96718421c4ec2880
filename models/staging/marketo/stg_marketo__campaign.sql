{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'campaign')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_marketo__campaign'), 'staged') }}  -- noqa: AM04
