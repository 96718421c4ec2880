{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_delete_lead')) }}

{{ lead_funnel.connector_outcome_rows(ref('base_marketo__activity_delete_lead'), 'quarantined') }}  -- noqa: AM04
