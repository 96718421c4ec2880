{{
    config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key='lead_id',
        on_schema_change='fail',
        pre_hook="{{ lead_funnel.incremental_copy_loaded() }}",
        post_hook="{{ lead_funnel.incremental_drop_loaded_copy() }}"
    )
}}
{#-
    What each canonical lead's rows of int_leads_enriched_by_model_version are computed from, as
    fingerprints, and the as_of of the run that last saw them change (changed_as_of; macro
    fingerprint_changes, like int_lead_input_fingerprints, which sits downstream of that model
    and so cannot be its change set): the lead's staged rows (its own and those of the duplicates
    merged into it, every column of stg_raw__leads), the account it matches (int_leads_account_matched)
    and that account's row (every column of stg_raw__accounts), and one fingerprint of the scoring
    rules every lead shares (the seeds the profile and fit read and the versions evaluated): a
    change of a scoring seed or of the versions evaluated (one taking effect, a draft) moves every
    lead's fingerprint, so every lead is recomputed. Read by int_leads_profile_changed only.
-#}

{%- set rule_relations = [
    ref('scoring_segments'), ref('scoring_academic_domain_patterns'), ref('scoring_competitor_domains'),
    ref('scoring_lead_source_rules'), ref('scoring_fit_rules'), ref('scoring_grades'),
    ref('scoring_title_patterns'), ref('scoring_icp_industries')
] -%}
{%- set versions = ref('int_scoring_model_versions') -%}
{%- set lead_columns = [] -%}
{%- set account_columns = [] -%}
{%- set rule_columns = {} -%}
{%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(ref('stg_raw__leads')) -%}
        {%- do lead_columns.append('staged_leads.' ~ column.name) -%}
    {%- endfor -%}
    {%- for column in adapter.get_columns_in_relation(ref('stg_raw__accounts')) -%}
        {%- do account_columns.append('accounts.' ~ column.name) -%}
    {%- endfor -%}
    {%- for relation in rule_relations -%}
        {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
        {%- do rule_columns.update({relation.identifier: names}) -%}
    {%- endfor -%}
{%- endif -%}

with

staged_leads as (
    select * from {{ ref('stg_raw__leads') }}
),

account_matches as (
    select * from {{ ref('int_leads_account_matched') }}
),

accounts as (
    select * from {{ ref('stg_raw__accounts') }}
),

rule_hashes as (
    -- one summed content_hash per scoring seed (named in the hash) and of the versions evaluated
    {%- for relation in rule_relations %}
        {%- set hashed = ["'" ~ relation.identifier ~ "'"] + (rule_columns.get(relation.identifier) or ['1']) %}
        select sum({{ lead_funnel.content_hash(hashed) }}) as rule_hash
        from {{ relation }}
        union all
    {%- endfor %}
    select sum({{ lead_funnel.content_hash(["'model_versions'", 'model_version']) }}) as rule_hash
    from {{ versions }}
),

rules as (
    select cast(coalesce(sum(rule_hash), 0) as bigint) as rules_content_hash
    from rule_hashes
),

lead_rows as (
    -- the staged rows behind each canonical lead: its own and its merged duplicates'
    select
        {{ lead_funnel.canonical_lead_id('staged_leads.lead_id', 'staged_leads.duplicate_of_lead_id') }} as lead_id,
        sum({{ lead_funnel.content_hash(lead_columns or ['staged_leads.lead_id']) }}) as lead_content_hash
    from staged_leads
    group by 1
),

account_rows as (
    select
        accounts.account_id,
        sum({{ lead_funnel.content_hash(account_columns or ['accounts.account_id']) }}) as account_content_hash
    from accounts
    group by 1
),

fingerprints as (
    select
        account_matches.lead_id,
        cast(lead_rows.lead_content_hash as bigint) as lead_content_hash,
        {{ lead_funnel.row_key([
            'account_matches.account_id', 'account_matches.account_match_method', 'account_rows.account_content_hash'
        ]) }} as account_fingerprint,
        rules.rules_content_hash
    from account_matches
    inner join lead_rows
        on account_matches.lead_id = lead_rows.lead_id
    left join account_rows
        on account_matches.account_id = account_rows.account_id
    cross join rules
),

{{ lead_funnel.fingerprint_changes(
    'fingerprints', 'lead_id', ['lead_content_hash', 'account_fingerprint', 'rules_content_hash']
) }}

{{ lead_funnel.incremental_select('final', 'lead_id') }}
