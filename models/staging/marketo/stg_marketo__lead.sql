{{ config(enabled=lead_funnel.source_enabled('marketo')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__lead'), outcome='staged') }}  -- noqa: AM04
