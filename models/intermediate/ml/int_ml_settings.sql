{#-
    The settings of the calibration (lead_funnel.calibration.Settings), one column per field,
    from the vars ml_* (dbt_project.yml): the one place the Python models read them from
    (Settings.from_frame(dbt.ref('int_ml_settings').df())). dbt passes a Python model only the
    config keys its file names literally in dbt.config.get(...), so vars set as model config
    never reached them.
-#}

with

final as (
    select
        cast({{ var('ml_random_state') }} as integer) as random_state,
        cast({{ var('ml_cv_folds') }} as integer) as cv_folds,
        cast({{ var('ml_min_class_leads') }} as integer) as min_class_leads,
        cast({{ var('ml_min_sal_acceptance') }} as {{ lead_funnel.type_double() }}) as min_sal_acceptance,
        cast({{ var('ml_regularization_c') }} as {{ lead_funnel.type_double() }}) as regularization_c,
        cast({{ var('ml_min_feature_leads') }} as integer) as min_feature_leads,
        cast({{ var('ml_min_proposed_points') }} as integer) as min_proposed_points,
        cast({{ var('ml_min_proposal_z') }} as {{ lead_funnel.type_double() }}) as min_proposal_z,
        cast(
            {{ var('ml_time_split_test_share') }} as {{ lead_funnel.type_double() }}
        ) as time_split_test_share,
        cast({{ var('ml_max_training_leads') }} as bigint) as max_training_leads
)

select * from final
