{% macro raw_activities_validated(repeated, reprocess_from, raw_occurred_at, occurred_at_problem) -%}
    {#-
        base_raw__activities' rows typed and validated (THE typing and rejection rules of a raw
        activity), for one branch of raw_row_outcomes: with `repeated`, the rows whose activity_id
        is null or repeated (CTE repeated_activity_ids), else the others. The raw rows are filtered
        on their cleaned activity_id before the typing (md5, texts, timestamps), so each branch
        types only its own rows and no CTE of every typed row is read twice (DuckDB materializes
        such a CTE whole: 7.8 GB of spill at tier M, issue #18). Reads the raw input (dated from
        `reprocess_from` on) and the model's CTEs activity_types, known_activity_types, leads,
        repeated_activity_ids and, on an incremental run, reopened (the loaded rows, typed).
    -#}
    {%- set repeated_ids = 'select repeated_activity_ids.activity_id from repeated_activity_ids' -%}
    select
        typed.*,
        known_activity_types.enum_value is not null as is_known_activity_type,
        -- computed once, when the row is decided (int_lead_input_fingerprints sums it every run)
        cast({{ lead_funnel.content_hash([
            'typed.activity_id', 'typed.activity_type', 'typed.asset', 'typed.campaign_id'
        ]) }} as {{ dbt.type_bigint() }}) as content_hash,
        case
            when typed.activity_id is null then 'missing_activity_id'
            when typed.lead_id is null then 'missing_lead_id'
            {{ lead_funnel.raw_time_and_lead_rejections('typed', 'occurred_at', leads='leads') }}
        end as rejection_reason
    from (
        select
            {{ lead_funnel.row_key([
                'activity_id', 'lead_id', 'activity_type', 'occurred_at', 'asset', 'campaign_id'
            ]) }} as raw_row_hash,
            {{ lead_funnel.clean_text('activity_id') }} as activity_id,
            {{ lead_funnel.clean_text('lead_id') }} as lead_id,
            activity_types.canonical_value as activity_type,
            {{ raw_occurred_at }} as occurred_at,
            {{ lead_funnel.clean_text('asset', var('max_text_length')) }} as asset,
            {{ lead_funnel.clean_text('campaign_id') }} as campaign_id,
            {{ lead_funnel.unparsed_text('occurred_at', raw_occurred_at) }}
                as raw_occurred_at,
            activity_types.cleaned_value as raw_activity_type,
            {{ occurred_at_problem }} as occurred_at_problem
        from {{ lead_funnel.raw_input('activities') }}
        left join activity_types
            on raw_input.activity_type = activity_types.raw_value
        where
            {{ lead_funnel.incremental_is_reprocessed(raw_occurred_at, reprocess_from) }}
            and {{ lead_funnel.raw_row_key_split(lead_funnel.clean_text('raw_input.activity_id'), repeated_ids, repeated) }}
        {%- if is_incremental() %}
        union all
        select reopened.* from reopened
        where {{ lead_funnel.raw_row_key_split('reopened.activity_id', repeated_ids, repeated) }}
        {%- endif %}
    ) as typed
    left join known_activity_types
        on typed.activity_type = known_activity_types.enum_value
    left join leads
        on typed.lead_id = leads.lead_id
{%- endmacro %}
