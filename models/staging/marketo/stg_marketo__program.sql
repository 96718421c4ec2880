{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'program')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__program'), outcome='staged') }}  -- noqa: AM04
