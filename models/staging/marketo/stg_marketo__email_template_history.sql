{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'email_template_history')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__email_template_history'), outcome='staged') }}  -- noqa: AM04
