{{ config(enabled=lead_funnel.connector_enabled('marketo', 'program')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__program'), 'staged') }}  -- noqa: AM04
