with

leads as (
    select
        lead_id,
        lower(trim(job_title)) as job_title
    from {{ ref('stg_raw__leads') }}
    where not is_duplicate_person
),

model_versions as (
    select model_version from {{ ref('int_scoring_model_versions') }}
),

title_patterns as (
    -- the patterns of the scoring-model versions evaluated
    select * from {{ ref('scoring_title_patterns') }}
    where {{ lead_funnel.scoring_model_version_is() }}
),

distinct_titles as (
    -- patterns come from a column, so each match compiles its regex: match each title once
    select distinct job_title
    from leads
    where job_title is not null
),

matches as (
    -- one row per title, model version and matching pattern, ranked within its dimension by priority
    select
        distinct_titles.job_title,
        title_patterns.model_version,
        title_patterns.dimension,
        title_patterns.value,
        row_number() over (
            partition by distinct_titles.job_title, title_patterns.model_version, title_patterns.dimension
            order by title_patterns.priority, title_patterns.value
        ) as match_rank
    from distinct_titles
    inner join title_patterns
        on {{ lead_funnel.regex_matches_column('distinct_titles.job_title', 'title_patterns.pattern') }}
),

parsed_titles as (
    select
        job_title,
        model_version,
        max(case when dimension = 'seniority' then value end) as seniority,
        max(case when dimension = 'persona' then value end) as persona
    from matches
    where match_rank = 1
    group by 1, 2
),

final as (
    select
        leads.lead_id,
        model_versions.model_version,
        coalesce(parsed_titles.seniority, 'other') as seniority,
        coalesce(parsed_titles.persona, 'other') as persona
    from leads
    cross join model_versions
    left join parsed_titles
        on
            leads.job_title = parsed_titles.job_title
            and model_versions.model_version = parsed_titles.model_version
)

select * from final
