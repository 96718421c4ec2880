{#- Connector mapping helpers (Salesforce, HubSpot, Marketo): person keys, merges, value-map matches, empty typed relations. -#}


{% macro connector_person_key(source_name, id_column) -%}
    {#- THE person/account/object key of a connector row: `<source>:<id>` (null without an id). -#}
    case
        when {{ id_column }} is not null
            then {{ dbt.concat(["'" ~ source_name ~ ":'", id_column]) }}
    end
{%- endmacro %}


{% macro first_pattern_match(rows, id_column, text_expression, value_map, pattern_column) -%}
    {#-
        THE value-map lookup by pattern of the connectors' form / URL maps: every row of `rows`
        (a CTE or relation, columns `*`) with the activity_type of the lowest-priority row of
        `value_map` whose `pattern_column` matches `text_expression` (regex, on a column of
        `rows`), null when none matches. A subquery: one row per `id_column`.
    -#}
    (
        select *
        from (
            select
                pattern_rows.*,
                {{ value_map }}.activity_type,
                row_number() over (
                    partition by pattern_rows.{{ id_column }} order by {{ value_map }}.priority
                ) as match_rank
            from {{ rows }} as pattern_rows
            left join {{ value_map }}
                on {{ lead_funnel.regex_matches_column(
                    text_expression | replace('{rows}', 'pattern_rows'), value_map ~ '.' ~ pattern_column
                ) }}
        ) as ranked_matches
        where match_rank = 1
    )
{%- endmacro %}


{% macro split_to_rows(column, delimiter) -%}
    {#-
        A set-returning select expression: one row per `delimiter`-separated part of `column`
        (merged ids lists: HubSpot `1;2;3`, Marketo `[1,2]` after the brackets are removed).
    -#}
    {{ return(adapter.dispatch('split_to_rows', 'lead_funnel')(column, delimiter)) }}
{%- endmacro %}

{% macro default__split_to_rows(column, delimiter) -%}
    unnest(string_split({{ column }}, '{{ delimiter }}'))
{%- endmacro %}

{% macro spark__split_to_rows(column, delimiter) -%}
    explode(split({{ column }}, '{{ delimiter }}'))
{%- endmacro %}


{% macro connector_merged_identities(persons, id_column, merge_edges, merged_rule) -%}
    {#-
        THE identity of connector persons with merges (HubSpot contacts, Marketo leads): the CTEs
        merge_edges_ranked (one survivor per merged id, the latest merge; never merged into itself),
        resolved_merges (chains resolved, resolve_merge_chains) and identities: one row per person
        id of `persons` and per merged id, with its surviving_id and link_rule (`self` or
        `merged_rule`). `merge_edges` has merged_id, surviving_id, merged_at. Emits CTEs: call it
        after `with ...,` and follow it with `,`.
    -#}
merge_edges_ranked as (
    select
        merged_id,
        surviving_id
    from (
        select
            {{ merge_edges }}.*,
            row_number() over (
                partition by {{ merge_edges }}.merged_id
                order by {{ merge_edges }}.merged_at desc nulls last, {{ merge_edges }}.surviving_id asc
            ) as merge_rank
        from {{ merge_edges }}
        where
            {{ merge_edges }}.merged_id is not null
            and {{ merge_edges }}.merged_id <> ''
            and {{ merge_edges }}.merged_id <> {{ merge_edges }}.surviving_id
    ) as ranked_edges
    where merge_rank = 1
),

resolved_merges as (
    {{ lead_funnel.resolve_merge_chains('merge_edges_ranked', var('connector_merge_max_depth')) }}
),

identities as (
    select
        {{ persons }}.{{ id_column }} as source_id,
        coalesce(resolved_merges.surviving_id, {{ persons }}.{{ id_column }}) as surviving_id,
        case when resolved_merges.surviving_id is null then 'self' else '{{ merged_rule }}' end as link_rule
    from {{ persons }}
    left join resolved_merges
        on {{ persons }}.{{ id_column }} = resolved_merges.merged_id
    union all
    select
        resolved_merges.merged_id as source_id,
        resolved_merges.surviving_id,
        '{{ merged_rule }}' as link_rule
    from resolved_merges
    where resolved_merges.merged_id not in (select {{ persons }}.{{ id_column }} from {{ persons }})
)
{%- endmacro %}


{% macro resolve_merge_chains(edges, max_depth=10) -%}
    {#-
        From a relation `edges` (merged_id, surviving_id) of merges, one row per merged_id with
        its final survivor: chained merges (A into B, then B into C) resolve to C, up to
        max_depth hops (cycles stop there). Used for HubSpot contact merges and Marketo lead merges.
    -#}
    select
        hop_0.merged_id,
        {%- for hop in range(1, max_depth + 1) %}
        {%- if loop.first %}
        coalesce(
        {%- endif %}
            hop_{{ max_depth - hop + 1 }}.surviving_id,
        {%- endfor %}
            hop_0.surviving_id
        ) as surviving_id
    from {{ edges }} as hop_0
    {%- for hop in range(1, max_depth + 1) %}
    left join {{ edges }} as hop_{{ hop }}
        on hop_{{ hop - 1 }}.surviving_id = hop_{{ hop }}.merged_id
        and hop_{{ hop }}.merged_id <> hop_0.merged_id
    {%- endfor %}
{%- endmacro %}


{% macro empty_relation(columns, anchor=none) -%}
    {#-
        THE empty typed relation: no row, the `columns` [(name, kind)] with kind text, timestamp,
        date, int, float or boolean (portable types). What a model outputs for an input that is off.
        `anchor`: a relation it stands beside (its lineage), read for no row.
    -#}
    {%- set types = {
        'text': dbt.type_string(), 'timestamp': api.Column.translate_type('timestamp'), 'date': 'date',
        'int': dbt.type_int(), 'float': dbt.type_float(), 'boolean': dbt.type_boolean(),
    } -%}
    select
        {%- for name, kind in columns %}
        cast(null as {{ types[kind] }}) as {{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    {%- if anchor is not none %}
    from {{ anchor }}
    {%- endif %}
    where 1 = 0
{%- endmacro %}


{% macro union_all_or_empty(relations, empty_columns) -%}
    {#- `select *` of each of `relations` (CTE names) union all, or empty_relation(empty_columns) when there are none. -#}
    {%- for relation in relations %}
    select * from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    {{ lead_funnel.empty_relation(empty_columns) }}
    {%- endfor %}
{%- endmacro %}


{% macro empty_contract_relation(table, anchor=none) -%}
    {#-
        An empty relation with the raw contract's columns of `table` (README "Raw-data contract"),
        typed: what a connector outputs for a table it cannot supply (HubSpot and Marketo spend,
        Marketo accounts and opportunities, a status history whose table is off). `anchor`: the
        connector relation it stands beside (its lineage: the connector's person table).
    -#}
    {%- set columns = {
        'accounts': [('account_id', 'text'), ('account_name', 'text'), ('domain', 'text'), ('industry', 'text'),
            ('employee_count', 'int'), ('annual_revenue_usd', 'float'), ('country', 'text'),
            ('created_at', 'timestamp'), ('is_deleted', 'boolean')],
        'opportunities': [('opportunity_id', 'text'), ('account_id', 'text'), ('lead_id', 'text'),
            ('created_at', 'timestamp'), ('stage', 'text'), ('amount_usd', 'float'), ('closed_at', 'timestamp'),
            ('is_closed', 'boolean'), ('is_won', 'boolean'), ('is_deleted', 'boolean')],
        'campaign_spend': [('spend_date', 'date'), ('lead_source', 'text'), ('campaign_id', 'text'),
            ('amount_usd', 'float')],
        'lead_status_history': [('lead_id', 'text'), ('status', 'text'), ('changed_at', 'timestamp'),
            ('reason', 'text'), ('owner_id', 'text')],
    }[table] -%}
    {{ lead_funnel.empty_relation(columns, anchor) }}
{%- endmacro %}
