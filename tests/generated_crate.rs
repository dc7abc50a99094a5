//! The checked-in generated crate in use: seed examples deserialize into its types, enums keep
//! unknown values, and route stubs render percent-encoded paths.

use docgen_generated::Route;
use docgen_generated::microsoft_graph::routes::{
    PostMeInformationProtectionThreatAssessmentRequestsItemResults,
    PostUsersItemInformationProtectionThreatAssessmentRequestsItemResults,
};
use docgen_generated::microsoft_graph::{ThreatAssessmentResult, ThreatAssessmentResultType};
use docgen_generated::microsoft_graph_identity_governance::LifecycleWorkflowProcessingStatus;
use docgen_generated::microsoft_graph_identity_governance::routes::PostIdentityGovernanceLifecycleWorkflowsDeletedItemsWorkflowsItemRunsItemUserProcessingResultsItemTaskProcessingResultsItemTaskTaskProcessingResults as TaskResults;
use serde_json::json;

#[test]
fn response_example_of_seed_001_round_trips() {
    // Values in the shape of the seed's response example (timestamps with seven digits and offsets).
    let body = json!({
        "id": "4a4c6bb3-6bb3-4a4c-b36b-4c4ab36b4c4a",
        "createdDateTime": "2017-01-01T00:00:46.1697867+03:00",
        "resultType": "rescan",
        "message": "Message value"
    });
    let r: ThreatAssessmentResult = serde_json::from_value(body).expect("deserializes");
    assert_eq!(r.result_type, Some(ThreatAssessmentResultType::Rescan));
    assert_eq!(
        r.created_date_time.map(|t| t.to_rfc3339()),
        Some("2016-12-31T21:00:46.169786700+00:00".to_owned())
    );
    let back = serde_json::to_value(&r).expect("serializes");
    assert_eq!(back["resultType"], "rescan");
    assert_eq!(back["message"], "Message value");
    assert!(back.get("unknown").is_none());
}

#[test]
fn absent_fields_are_not_serialized() {
    let v = serde_json::to_value(ThreatAssessmentResult::default()).expect("serializes");
    assert_eq!(v, json!({}));
}

#[test]
fn enums_keep_values_the_docs_do_not_list() {
    let v: LifecycleWorkflowProcessingStatus =
        serde_json::from_value(json!("paused")).expect("deserializes");
    assert_eq!(v, LifecycleWorkflowProcessingStatus::Other("paused".into()));
    assert_eq!(
        serde_json::to_value(&v).expect("serializes"),
        json!("paused")
    );
    let known: LifecycleWorkflowProcessingStatus =
        "completedWithErrors".parse().expect("infallible");
    assert_eq!(
        known,
        LifecycleWorkflowProcessingStatus::CompletedWithErrors
    );
    assert_eq!(known.to_string(), "completedWithErrors");
}

#[test]
fn routes_render_encoded_paths() {
    let me = PostMeInformationProtectionThreatAssessmentRequestsItemResults {
        threat_assessment_request_id: "a/b c".into(),
    };
    assert_eq!(
        me.path(),
        "/me/informationProtection/threatAssessmentRequests/a%2Fb%20c/results"
    );
    let users = PostUsersItemInformationProtectionThreatAssessmentRequestsItemResults {
        users_id: "u@contoso.com".into(),
        threat_assessment_request_id: "r1".into(),
    };
    assert_eq!(
        users.path(),
        "/users/u%40contoso.com/informationProtection/threatAssessmentRequests/r1/results"
    );
    assert_eq!(
        <PostUsersItemInformationProtectionThreatAssessmentRequestsItemResults as Route>::METHOD
            .as_str(),
        "POST"
    );
    assert_eq!(<TaskResults as Route>::SUCCESS_STATUS, 201);
    let t = TaskResults {
        workflow_id: "w".into(),
        run_id: "r".into(),
        user_processing_result_id: "u".into(),
        task_processing_result_id: "t".into(),
    };
    assert_eq!(
        t.path(),
        "/identityGovernance/lifecycleWorkflows/deletedItems/workflows/w/runs/r/userProcessingResults/u/taskProcessingResults/t/task/taskProcessingResults"
    );
}
