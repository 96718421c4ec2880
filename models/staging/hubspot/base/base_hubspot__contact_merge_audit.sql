{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_merge_audit')) }}
{#- One row per HubSpot `contact_merge_audit` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'contact_merge_audit'),
    [
        ('canonical_contact_id', 'text', ['canonical_vid', 'contact_id']),
        ('merged_contact_id', 'text', ['vid_to_merge']),
        ('merged_at', 'timestamp', ['timestamp'])
    ],
    key=['canonical_contact_id', 'merged_contact_id'],
    order_by='merged_at desc nulls last',
    soft_delete_markers=false,
    row_hash='typed'
) }}
