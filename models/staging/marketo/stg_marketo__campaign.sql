{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'campaign')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__campaign'), outcome='staged') }}  -- noqa: AM04
