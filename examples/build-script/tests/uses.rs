//! The build-script-generated code in use.

use docgen_example_build_script::graph::microsoft_graph::{
    AnyThreatAssessmentRequest, ThreatCategory,
};
use docgen_example_build_script::{request_line, worst_category};
use serde_json::json;

#[test]
fn routes_and_types_from_the_build_script() {
    assert_eq!(
        request_line("a b"),
        "GET /informationProtection/threatAssessmentRequests/a%20b"
    );
    let requests: Vec<AnyThreatAssessmentRequest> = serde_json::from_value(json!([
        {"@odata.type": "#microsoft.graph.mailAssessmentRequest", "category": "spam"},
        {"@odata.type": "#microsoft.graph.urlAssessmentRequest", "category": "malware"},
        {"category": "phishing", "createdDateTime": "2021-07-12T08:55:14.1032578Z"}
    ]))
    .expect("deserializes");
    assert_eq!(worst_category(&requests), Some(ThreatCategory::Malware));
    // `map_type("DateTimeOffset", "String")` keeps the timestamp exactly as sent.
    let AnyThreatAssessmentRequest::ThreatAssessmentRequest(base) = &requests[2] else {
        panic!("no @odata.type reads as the base type");
    };
    assert_eq!(
        base.created_date_time.as_deref(),
        Some("2021-07-12T08:55:14.1032578Z")
    );
}
