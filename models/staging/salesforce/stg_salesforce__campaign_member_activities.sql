{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#-
    One row per staged Salesforce campaign member: the marketing activity it is (seed
    salesforce_campaign_member_activity_map: campaign type, case-insensitive campaign-name pattern,
    member status; the lowest priority wins; null when no row matches) and when it happened. A
    member that responded: created_date if it responded on the day it was created (a web form
    creates the member at the response), else last_modified_date if that falls on
    first_responded_date (a registrant updated to Attended), else first_responded_date at 00:00
    UTC, flagged is_date_only. A member that did not respond (Registered): created_date.
-#}
{%- set timestamp_type = api.Column.translate_type('timestamp') -%}
{%- set has_members = lead_funnel.connector_table_enabled('salesforce', 'campaign_member') -%}
{%- set has_campaigns = lead_funnel.connector_table_enabled('salesforce', 'campaign') -%}

with

member_map as (
    select * from {{ ref('salesforce_campaign_member_activity_map') }}
),

{% if has_members %}
    members as (
        select * from {{ ref('stg_salesforce__campaign_member') }}
    ),
{% else %}
    members as (
        -- campaign_member disabled (var salesforce__campaign_member_enabled): no rows
        {{ lead_funnel.empty_relation([
            ('id', 'text'), ('campaign_id', 'text'), ('lead_id', 'text'),
            ('contact_id', 'text'), ('status', 'text'), ('has_responded', 'boolean'),
            ('first_responded_date', 'date'), ('created_date', 'timestamp'),
            ('last_modified_date', 'timestamp')
        ]) }}
    ),
{% endif %}

{% if has_campaigns %}
    campaigns as (
        select * from {{ ref('stg_salesforce__campaign') }}
    ),
{% else %}
    campaigns as (
        -- campaign disabled: members have no campaign type or name, so no map row matches
        {{ lead_funnel.empty_relation([
            ('id', 'text'), ('name', 'text'), ('type', 'text')
        ]) }}
    ),
{% endif %}

member_matches as (
    -- the map rows each member matches, the lowest priority first
    select
        members.id as member_id,
        member_map.activity_type,
        row_number() over (partition by members.id order by member_map.priority) as match_rank
    from members
    left join campaigns
        on members.campaign_id = campaigns.id
    inner join member_map
        on
            {{ lead_funnel.normalise_enum('members.status') }}
            = {{ lead_funnel.normalise_enum('member_map.member_status') }}
            and (
                {{ lead_funnel.clean_text('member_map.campaign_type') }} is null
                or {{ lead_funnel.normalise_enum('campaigns.type') }}
                = {{ lead_funnel.normalise_enum('member_map.campaign_type') }}
            )
            and (
                {{ lead_funnel.clean_text('member_map.campaign_name_pattern') }} is null
                or coalesce({{ lead_funnel.regex_matches_column(
                    'lower(campaigns.name)', 'lower(member_map.campaign_name_pattern)'
                ) }}, false)
            )
),

final as (
    select
        members.id as source_id,
        members.lead_id as crm_lead_id,
        members.contact_id as crm_contact_id,
        member_matches.activity_type,
        members.status as salesforce_type,
        case
            when not coalesce(members.has_responded, false) or members.first_responded_date is null
                then members.created_date
            when cast(members.created_date as date) = members.first_responded_date
                then members.created_date
            when cast(members.last_modified_date as date) = members.first_responded_date
                then members.last_modified_date
            else cast(members.first_responded_date as {{ timestamp_type }})
        end as occurred_at,
        coalesce(members.has_responded, false)
        and members.first_responded_date is not null
        and coalesce(cast(members.created_date as date) <> members.first_responded_date, true)
        and coalesce(cast(members.last_modified_date as date) <> members.first_responded_date, true)
            as is_date_only,
        campaigns.name as asset,
        members.campaign_id
    from members
    left join campaigns
        on members.campaign_id = campaigns.id
    left join member_matches
        on
            members.id = member_matches.member_id
            and member_matches.match_rank = 1
)

select * from final
