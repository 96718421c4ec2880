{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'program')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_marketo__program'), 'quarantined') }}  -- noqa: AM04
