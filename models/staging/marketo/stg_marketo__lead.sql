{{ config(enabled=lead_funnel.source_enabled('marketo')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_marketo__lead'), 'staged') }}  -- noqa: AM04
