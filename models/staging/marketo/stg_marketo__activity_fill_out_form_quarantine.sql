{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_fill_out_form')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__activity_fill_out_form'), outcome='quarantined') }}  -- noqa: AM04
