//! The checked-in generated crate in use: seed examples deserialize into its types, enums keep
//! unknown values, and route stubs render percent-encoded paths.

use docgen_generated::Route;
use docgen_generated::microsoft_graph::routes::{CreateResultsMe, CreateResultsUsers};
use docgen_generated::microsoft_graph::{ThreatAssessmentResult, ThreatAssessmentResultType};
use docgen_generated::microsoft_graph_identity_governance::LifecycleWorkflowProcessingStatus;
use docgen_generated::microsoft_graph_identity_governance::routes::CreateTaskProcessingResult as TaskResults;
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
    // Timestamps keep the text they were sent as, and parse on demand.
    assert_eq!(
        r.created_date_time
            .as_ref()
            .and_then(|t| t.to_utc())
            .map(|t| t.to_rfc3339()),
        Some("2016-12-31T21:00:46.169786700+00:00".to_owned())
    );
    let back = serde_json::to_value(&r).expect("serializes");
    assert_eq!(back["createdDateTime"], "2017-01-01T00:00:46.1697867+03:00");
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
    let me = CreateResultsMe {
        threat_assessment_request_id: "a/b c".into(),
    };
    assert_eq!(
        me.path(),
        "/me/informationProtection/threatAssessmentRequests/a%2Fb%20c/results"
    );
    let users = CreateResultsUsers {
        users_id: "u@contoso.com".into(),
        threat_assessment_request_id: "r1".into(),
    };
    assert_eq!(
        users.path(),
        "/users/u%40contoso.com/informationProtection/threatAssessmentRequests/r1/results"
    );
    assert_eq!(<CreateResultsUsers as Route>::METHOD.as_str(), "POST");
    assert_eq!(<TaskResults as Route>::SUCCESS_STATUS, Some(201));
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

#[test]
fn derived_types_come_back_through_odata_type() {
    use docgen_generated::microsoft_graph::{
        AnyThreatAssessmentRequest, MailAssessmentRequest, ThreatCategory,
    };
    // The shape of the response example of `api/threatassessmentrequest-get.md`.
    let body = json!({
        "@odata.type": "#microsoft.graph.mailAssessmentRequest",
        "id": "49c5ef5b-1f65-444a-e6b9-08d772ea2059",
        "category": "spam",
        "recipientEmail": "avery@contoso.com"
    });
    let any: AnyThreatAssessmentRequest =
        serde_json::from_value(body.clone()).expect("deserializes");
    let AnyThreatAssessmentRequest::MailAssessmentRequest(mail) = &any else {
        panic!("expected the derived type, got {any:?}");
    };
    assert_eq!(mail.recipient_email.as_deref(), Some("avery@contoso.com"));
    // Inherited properties are flattened into the derived struct.
    assert_eq!(mail.category, Some(ThreatCategory::Spam));
    assert_eq!(
        mail.id.as_deref(),
        Some("49c5ef5b-1f65-444a-e6b9-08d772ea2059")
    );
    assert_eq!(serde_json::to_value(&any).expect("serializes"), body);

    // An `@odata.type` the docs do not know is read as the base type, not an error.
    let other: AnyThreatAssessmentRequest = serde_json::from_value(
        json!({"@odata.type": "#microsoft.graph.fileAssessmentRequest", "id": "x"}),
    )
    .expect("deserializes");
    assert!(matches!(
        other,
        AnyThreatAssessmentRequest::ThreatAssessmentRequest(_)
    ));
    assert_eq!(
        other.odata_type(),
        Some("#microsoft.graph.fileAssessmentRequest")
    );

    // Converting a derived value sets its discriminator.
    let any = AnyThreatAssessmentRequest::from(MailAssessmentRequest::default());
    assert_eq!(
        any.odata_type(),
        Some("#microsoft.graph.mailAssessmentRequest")
    );
}

#[test]
fn self_referencing_type_is_boxed_and_keywords_are_escaped() {
    use docgen_generated::microsoft_graph::{ThreatAssessmentRequest, ThreatAssessmentSummary};
    let s = ThreatAssessmentSummary {
        previous: Some(Box::new(ThreatAssessmentSummary {
            total_count: Some(7),
            ..Default::default()
        })),
        self_: Some("https://example.com/s/1".into()),
        ..Default::default()
    };
    let v = serde_json::to_value(&s).expect("serializes");
    assert_eq!(
        v,
        json!({"previous": {"totalCount": 7}, "self": "https://example.com/s/1"})
    );
    let r = ThreatAssessmentRequest {
        r#type: Some("manual".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&r).expect("serializes"),
        json!({"type": "manual"})
    );
}

#[test]
fn same_name_in_two_namespaces_are_two_types() {
    let a = docgen_generated::microsoft_graph::Task {
        title: Some("Pay invoices".into()),
        ..Default::default()
    };
    let b = docgen_generated::microsoft_graph_identity_governance::Task {
        execution_sequence: Some(2),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(a).expect("serializes"),
        json!({"title": "Pay invoices"})
    );
    assert_eq!(
        serde_json::to_value(b).expect("serializes"),
        json!({"executionSequence": 2})
    );
}

#[test]
fn function_and_action_routes() {
    use docgen_generated::microsoft_graph::AssessmentScopes;
    use docgen_generated::microsoft_graph::routes::{
        ThreatAssessmentRequestRescan as Rescan, ThreatAssessmentRequestRescanBody as RescanBody,
        ThreatAssessmentRequestSummarize as Summarize,
    };
    let f = Summarize {
        period: "D'7".into(),
        top: 5,
    };
    // Quoted OData literals double their quotes before encoding.
    assert_eq!(
        f.path(),
        "/informationProtection/threatAssessmentRequests/summarize(period='D%27%277',top=5)"
    );
    assert_eq!(
        <Summarize as Route>::TEMPLATE,
        "/informationProtection/threatAssessmentRequests/summarize(period='{period}',top={top})"
    );
    let body: <Rescan as Route>::Request = serde_json::from_value(json!({
        "reason": "The sender was compromised.",
        "notify": true,
        "scopes": "mailbox,attachments"
    }))
    .expect("deserializes");
    let expected = RescanBody {
        reason: Some("The sender was compromised.".into()),
        notify: Some(true),
        // A flags value is the set of its members.
        scopes: Some(vec![AssessmentScopes::Mailbox, AssessmentScopes::Attachments].into()),
        ..Default::default()
    };
    assert_eq!(body, expected);
    assert_eq!(<Rescan as Route>::SUCCESS_STATUS, Some(202));
}

#[test]
fn members_read_by_wire_name_in_any_order_with_the_rest_kept() {
    let body = json!({
        "message": "m",
        "@odata.etag": "W/\"1\"",
        "resultType": null,
        "id": "x",
        "newerProperty": {"a": [1, 2]}
    });
    let r: ThreatAssessmentResult = serde_json::from_value(body).expect("deserializes");
    assert_eq!(
        (r.id.as_deref(), r.message.as_deref()),
        (Some("x"), Some("m"))
    );
    assert_eq!(r.result_type, None, "null reads as absent");
    assert_eq!(r.additional_data.len(), 2, "{:?}", r.additional_data);
    // Fields in declaration order, then the kept members in the order they came; null dropped.
    let back = serde_json::to_string(&r).expect("serializes");
    assert_eq!(
        back,
        r#"{"id":"x","message":"m","@odata.etag":"W/\"1\"","newerProperty":{"a":[1,2]}}"#
    );
    // From text, a member sent twice and a value of the wrong type are located errors.
    let twice = serde_json::from_str::<ThreatAssessmentResult>(r#"{"id": "a", "id": "b"}"#)
        .expect_err("duplicate");
    assert!(
        twice.to_string().contains("duplicate field `id`"),
        "{twice}"
    );
    let wrong = serde_json::from_str::<ThreatAssessmentResult>("{\n  \"message\": 3\n}")
        .expect_err("wrong type");
    assert_eq!(
        (wrong.line(), wrong.classify()),
        (2, serde_json::error::Category::Data)
    );
    assert!(serde_json::from_str::<ThreatAssessmentResult>("[]").is_err());
    // An `Int64` field reads the string form and writes a number.
    use docgen_generated::microsoft_graph::ThreatAssessmentSummary;
    let s: ThreatAssessmentSummary =
        serde_json::from_value(json!({"totalCount": "7"})).expect("deserializes");
    assert_eq!(s.total_count, Some(7));
    assert_eq!(
        serde_json::to_value(&s).expect("serializes"),
        json!({"totalCount": 7})
    );
}

#[test]
fn unions_read_a_late_odata_type_and_unknown_members() {
    use docgen_generated::microsoft_graph::AnyThreatAssessmentRequest;
    // `@odata.type` after other members: those wait until it names the variant.
    let text = r##"{"id": "1", "recipientEmail": "a@b.c", "x@odata.etag": "e",
        "@odata.type": "#Microsoft.Graph.MailAssessmentRequest", "category": "spam"}"##;
    let any: AnyThreatAssessmentRequest = serde_json::from_str(text).expect("deserializes");
    let AnyThreatAssessmentRequest::MailAssessmentRequest(mail) = &any else {
        panic!("expected the derived type, got {any:?}");
    };
    assert_eq!(mail.recipient_email.as_deref(), Some("a@b.c"));
    assert_eq!(mail.additional_data.len(), 1);
    let back = serde_json::to_value(&any).expect("serializes");
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(text).expect("json")
    );
    // Without `@odata.type` the base reads it; a bad member before the tag is still an error.
    let base: AnyThreatAssessmentRequest =
        serde_json::from_str(r#"{"id": "2"}"#).expect("deserializes");
    assert!(matches!(
        base,
        AnyThreatAssessmentRequest::ThreatAssessmentRequest(_)
    ));
    let bad = serde_json::from_str::<AnyThreatAssessmentRequest>(
        r##"{"id": 2, "@odata.type": "#microsoft.graph.mailAssessmentRequest"}"##,
    );
    assert!(bad.is_err(), "{bad:?}");
    assert!(serde_json::from_str::<AnyThreatAssessmentRequest>(r#""x""#).is_err());
}

#[test]
fn collection_count_reads_number_and_string_forms() {
    use docgen_generated::Collection;
    for body in [
        json!({"value": [], "@odata.count": 12}),
        json!({"value": [], "@odata.count": "12"}),
    ] {
        let page: Collection<ThreatAssessmentResult> =
            serde_json::from_value(body).expect("deserializes");
        assert_eq!(page.count, Some(12));
        assert_eq!(
            serde_json::to_value(&page).expect("serializes")["@odata.count"],
            json!(12)
        );
    }
    let bad = serde_json::from_value::<Collection<ThreatAssessmentResult>>(
        json!({"value": [], "@odata.count": "many"}),
    );
    assert!(bad.is_err());
}

#[test]
fn adding_a_reference_sends_a_reference() {
    use docgen_generated::microsoft_graph::routes::AddResults as AddResult;
    let body: <AddResult as Route>::Request = docgen_generated::Reference {
        odata_id: "https://graph.microsoft.com/v1.0/results/1".into(),
    };
    assert_eq!(
        serde_json::to_value(&body).expect("serializes"),
        json!({"@odata.id": "https://graph.microsoft.com/v1.0/results/1"})
    );
    assert_eq!(<AddResult as Route>::SUCCESS_STATUS, Some(201));
}

#[test]
fn flags_values_are_sets_of_members() {
    use docgen_generated::Flags;
    use docgen_generated::microsoft_graph::AssessmentScopes;
    let scopes: Flags<AssessmentScopes> =
        serde_json::from_value(json!("mailbox,futureScope")).expect("deserializes");
    assert_eq!(scopes.0.len(), 2, "{scopes:?}");
    assert_eq!(
        scopes.0[1],
        AssessmentScopes::Other("futureScope".into()),
        "an unlisted member is kept"
    );
    assert!(scopes.contains(&scopes.0[0]));
    assert_eq!(
        serde_json::to_value(&scopes).expect("serializes"),
        json!("mailbox,futureScope")
    );
    let one: Flags<AssessmentScopes> = serde_json::from_value(json!("mailbox")).expect("one");
    assert_eq!(one.to_string(), "mailbox");
    assert!(serde_json::from_value::<Flags<AssessmentScopes>>(json!(3)).is_err());
}
