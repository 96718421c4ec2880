{{ config(
    enabled=lead_funnel.source_enabled('marketo'),
    materialized='table'
) }}
{#-
    A table (on every engine): base_raw__activities (macro raw_input), the conservation test of
    stg_raw__activities and its own tests read it; as a view each re-evaluated every activity
    table's chain (bench connector row).
    One row per Marketo engagement activity in the raw contract's `activities` shape: Open Email
    -> email_open, Click Email -> email_click, Email Bounced -> email_bounce, Unsubscribe Email ->
    unsubscribe, Fill Out Form by seed marketo_form_activity_map (unmapped forms keep their
    normalised name), Visit Webpage by seed marketo_url_activity_map (pricing_page_view /
    page_view). Send Email and Email Delivered are not engagement: not emitted (counted in
    stg_marketo__row_outcomes). lead_id is the person key (stg_crm__person_identities: merged
    leads resolve to the survivor, leads linked to Salesforce to the Salesforce person); an
    unknown lead stays marketo:<id> (quarantined unknown_lead downstream). The asset is the email
    (email_template_history name) or form / page; campaign_id the smart campaign's program
    (marketo:program:<id>), else the smart campaign (marketo:campaign:<id>).
-#}
{%- set typed_tables = [
    ('activity_open_email', 'email_open'),
    ('activity_click_email', 'email_click'),
    ('activity_email_bounced', 'email_bounce'),
    ('activity_unsubscribe_email', 'unsubscribe'),
] -%}
{%- set enabled_typed = [] -%}
{%- for table, activity_type in typed_tables if lead_funnel.connector_table_enabled('marketo', table) -%}
    {%- do enabled_typed.append((table, activity_type)) -%}
{%- endfor -%}
{%- set with_forms = lead_funnel.connector_table_enabled('marketo', 'activity_fill_out_form') -%}
{%- set with_visits = lead_funnel.connector_table_enabled('marketo', 'activity_visit_webpage') -%}
{%- set with_templates = lead_funnel.connector_table_enabled('marketo', 'email_template_history') -%}
{%- set with_campaigns = lead_funnel.connector_table_enabled('marketo', 'campaign') -%}
{%- set parts = [] -%}

with

identities as (
    select * from {{ ref('stg_crm__person_identities') }}
    where source_system = 'marketo'
),

{% for table, activity_type in enabled_typed -%}
    {{ table }} as (
        select
            activity_id,
            lead_id,
            '{{ activity_type }}' as activity_type,
            occurred_at,
            email_template_id,
            primary_attribute_value as asset_name,
            campaign_id
        from {{ ref('stg_marketo__' ~ table) }}
    ),
    {%- do parts.append(table) %}
{% endfor -%}

{% if with_forms -%}
    form_map as (
        select * from {{ ref('marketo_form_activity_map') }}
    ),

    activity_fill_out_form as (
        select
            activity_id,
            lead_id,
            coalesce(activity_type, {{ lead_funnel.normalise_enum('form_name') }}) as activity_type,
            occurred_at,
            cast(null as {{ dbt.type_string() }}) as email_template_id,
            form_name as asset_name,
            campaign_id
        from {{ lead_funnel.first_pattern_match(
            ref('stg_marketo__activity_fill_out_form'), 'activity_id', 'lower({rows}.form_name)',
            'form_map', 'form_name_pattern'
        ) }} as matched_forms
    ),
    {%- do parts.append('activity_fill_out_form') %}
{%- endif %}

{% if with_visits -%}
    url_map as (
        select * from {{ ref('marketo_url_activity_map') }}
    ),

    activity_visit_webpage as (
        select
            activity_id,
            lead_id,
            coalesce(activity_type, 'page_view') as activity_type,
            occurred_at,
            cast(null as {{ dbt.type_string() }}) as email_template_id,
            webpage_url as asset_name,
            campaign_id
        from {{ lead_funnel.first_pattern_match(
            ref('stg_marketo__activity_visit_webpage'), 'activity_id', 'lower({rows}.webpage_url)',
            'url_map', 'url_pattern'
        ) }} as matched_visits
    ),
    {%- do parts.append('activity_visit_webpage') %}
{%- endif %}

{% if with_templates -%}
    email_templates as (
        select * from {{ ref('stg_marketo__email_template_history') }}
    ),
{%- endif %}

{% if with_campaigns -%}
    campaigns as (
        select * from {{ ref('stg_marketo__campaign') }}
    ),
{%- endif %}

activities as (
    {{ lead_funnel.union_all_or_empty(parts, [
        ('activity_id', 'text'), ('lead_id', 'text'), ('activity_type', 'text'), ('occurred_at', 'timestamp'),
        ('email_template_id', 'text'), ('asset_name', 'text'), ('campaign_id', 'text')
    ]) }}
),

final as (
    select
        {{ dbt.concat(["'marketo:'", 'activities.activity_id']) }} as activity_id,
        coalesce(
            identities.person_key,
            {{ lead_funnel.connector_person_key('marketo', 'activities.lead_id') }}
        ) as lead_id,
        activities.activity_type,
        activities.occurred_at,
        {%- if with_templates %}
            coalesce(email_templates.email_template_name, activities.asset_name) as asset,
        {%- else %}
            activities.asset_name as asset,
        {%- endif %}
        {%- if with_campaigns %}
            coalesce(
                {{ dbt.concat(["'marketo:program:'", 'campaigns.program_id']) }},
                {{ dbt.concat(["'marketo:campaign:'", 'activities.campaign_id']) }}
            ) as campaign_id
        {%- else %}
            {{ dbt.concat(["'marketo:campaign:'", 'activities.campaign_id']) }} as campaign_id
        {%- endif %}
    from activities
    left join identities
        on activities.lead_id = identities.source_id
    {%- if with_templates %}
        left join email_templates
            on activities.email_template_id = email_templates.email_template_id
    {%- endif %}
    {%- if with_campaigns %}
        left join campaigns
            on activities.campaign_id = campaigns.campaign_id
    {%- endif %}
)

select * from final
