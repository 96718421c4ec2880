{%- set raw_tables = [
    'accounts', 'leads', 'activities', 'opportunities', 'lead_status_history', 'campaign_spend'
] -%}

with

{% for raw_table in raw_tables -%}
    {{ raw_table }} as (
        select * from {{ ref('base_raw__' ~ raw_table) }}
    ),

{% endfor -%}

outcomes as (
    {%- for raw_table in raw_tables %}
        select
            '{{ raw_table }}' as raw_table,
            row_outcome,
            coalesce(rejection_reason, duplicate_kind, 'staged') as outcome_reason,
            count(*) as row_count
        from {{ raw_table }}
        group by 1, 2, 3
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        {{ lead_funnel.row_key(['raw_table', 'row_outcome', 'outcome_reason']) }} as row_outcome_id,
        raw_table,
        row_outcome,
        outcome_reason,
        row_count
    from outcomes
)

select * from final
