with

leads as (
    select
        lead_id,
        lower(trim(job_title)) as job_title
    from {{ ref('stg_raw__leads') }}
    where not is_duplicate_person
),

title_patterns as (
    select * from {{ ref('scoring_title_patterns') }}
),

matches as (
    -- one row per lead and matching pattern, ranked within its dimension by priority
    select
        leads.lead_id,
        title_patterns.dimension,
        title_patterns.value,
        row_number() over (
            partition by leads.lead_id, title_patterns.dimension
            order by title_patterns.priority, title_patterns.value
        ) as match_rank
    from leads
    inner join title_patterns
        on {{ lead_funnel.regex_matches_column('leads.job_title', 'title_patterns.pattern') }}
),

final as (
    select
        leads.lead_id,
        coalesce(
            max(case when matches.dimension = 'seniority' then matches.value end), 'other'
        ) as seniority,
        coalesce(
            max(case when matches.dimension = 'persona' then matches.value end), 'other'
        ) as persona
    from leads
    left join matches
        on leads.lead_id = matches.lead_id
        and matches.match_rank = 1
    group by 1
)

select * from final
