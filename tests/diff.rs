//! `docgen diff`: known alterations of a docs tree are each reported with the right impact, on
//! the fixtures and on the real v1.0 corpus; a model dump reads back as the same model.

use docgen::Config;
use docgen::diff::{Change, Impact, Item, Kind, diff};
use docgen::model::Api;
use docgen_tests::{corpus, docs_input};
use std::fs;
use std::path::Path;

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for e in fs::read_dir(from).expect("reads dir").flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else {
            fs::copy(&src, &dst).expect("copies");
        }
    }
}

/// Replaces `from` with `to` in one page; the page must contain `from`.
fn edit(root: &Path, page: &str, from: &str, to: &str) {
    let path = root.join(page);
    let text = fs::read_to_string(&path).expect("reads page");
    assert!(text.contains(from), "{page} does not contain {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).expect("writes page");
}

fn load(root: &Path) -> Api {
    Config::new().docs_root(root).load().expect("loads").1
}

fn find<'a>(log: &'a [Change], item: Item, kind: Kind, subject: &str) -> &'a Change {
    log.iter()
        .find(|c| c.item == item && c.kind == kind && c.subject.eq_ignore_ascii_case(subject))
        .unwrap_or_else(|| panic!("no {kind:?} {item:?} `{subject}` in {log:#?}"))
}

#[test]
fn a_model_dump_reads_back_as_the_same_model() {
    let api = load(&docs_input());
    let json = serde_json::to_string(&api).expect("serializes");
    let back: Api = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, api);
    let yaml = serde_yaml::to_string(&api).expect("serializes");
    let back: Api = serde_yaml::from_str(&yaml).expect("reads back");
    assert!(diff(&api, &back).changes.is_empty());
}

#[test]
fn known_alterations_of_the_fixtures() {
    let tmp = tempfile_dir("diff-fixtures");
    copy_tree(&docs_input(), &tmp);
    // A property stays while the JSON representation still shows it: remove it from both.
    edit(
        &tmp,
        "resources/task.md",
        "| title | String | What is to be done. |\n",
        "",
    );
    edit(&tmp, "resources/task.md", ",\n  \"title\": \"String\"", "");
    edit(
        &tmp,
        "resources/task.md",
        "| dueDateTime | DateTimeOffset |",
        "| dueDateTime | String |",
    );
    edit(
        &tmp,
        "resources/threatassessmentresult.md",
        "| message | String |",
        "| severity | Int32 | How severe the threat is. Required. |\n| message | String |",
    );
    edit(
        &tmp,
        "resources/identitygovernance-task.md",
        "| id | String | The identifier of the task. |",
        "| id | String | The identifier of the task. |\n| description | String | What the task does. |",
    );
    edit(
        &tmp,
        "resources/enums.md",
        "| malware | 3 | Harmful software. |",
        "| malware | 3 | Harmful software. |\n| bulk | 5 | Bulk mail. |",
    );
    edit(
        &tmp,
        "resources/enums.md",
        "| unblock |",
        "| unblock |\n| review |",
    );
    edit(
        &tmp,
        "resources/threatassessmentstatus.md",
        "|completed|2|The request has results.|\n",
        "",
    );
    edit(
        &tmp,
        "resources/entity.md",
        "The unique identifier of the entity.",
        "The identifier of the entity, unique within its collection.",
    );
    edit(
        &tmp,
        "api/threatassessmentrequest-get.md",
        "GET /informationProtection/threatAssessmentRequests/{threatAssessmentRequestId}\n",
        "GET /informationProtection/threatAssessmentRequests/{threatAssessmentRequestId}\nGET /me/informationProtection/threatAssessmentRequests/{threatAssessmentRequestId}\n",
    );
    fs::remove_file(tmp.join("resources/urlassessmentrequest.md")).expect("removes page");

    let log = diff(&load(&docs_input()), &load(&tmp)).changes;
    let expect = [
        (
            Item::Property,
            Kind::Removed,
            "microsoft.graph.task.title",
            Impact::Breaking,
        ),
        (
            Item::Property,
            Kind::Changed,
            "microsoft.graph.task.dueDateTime",
            Impact::Breaking,
        ),
        (
            Item::Property,
            Kind::Added,
            "microsoft.graph.threatAssessmentResult.severity",
            Impact::Breaking,
        ),
        (
            Item::Property,
            Kind::Added,
            "microsoft.graph.identityGovernance.task.description",
            Impact::NonBreaking,
        ),
        (
            Item::Member,
            Kind::Added,
            "microsoft.graph.threatCategory.bulk",
            Impact::NonBreaking,
        ),
        (
            Item::Member,
            Kind::Added,
            "microsoft.graph.threatExpectedAssessment.review",
            Impact::Breaking,
        ),
        (
            Item::Member,
            Kind::Removed,
            "microsoft.graph.threatAssessmentStatus.completed",
            Impact::Breaking,
        ),
        (
            Item::Property,
            Kind::Changed,
            "microsoft.graph.entity.id",
            Impact::Description,
        ),
        (
            Item::Operation,
            Kind::Added,
            "GET /me/informationProtection/threatAssessmentRequests/{threatAssessmentRequestId}",
            Impact::NonBreaking,
        ),
        (
            Item::Type,
            Kind::Removed,
            "microsoft.graph.urlAssessmentRequest",
            Impact::Breaking,
        ),
    ];
    for (item, kind, subject, impact) in expect {
        assert_eq!(find(&log, item, kind, subject).impact, impact, "{subject}");
    }
    // The description edit is reported once per type that holds `id`, and only as description.
    let md = docgen::diff::render::markdown(
        &docgen::diff::Changelog {
            changes: log.clone(),
        },
        false,
    );
    assert!(md.contains("description-only changes not shown"), "{md}");
    assert!(!md.contains("The identifier of the entity"), "{md}");
    let unexpected: Vec<&Change> = log
        .iter()
        .filter(|c| {
            c.impact == Impact::Breaking
                && !expect.iter().any(|e| e.2.eq_ignore_ascii_case(&c.subject))
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "breaking changes nobody made: {unexpected:#?}"
    );
    let _ = fs::remove_dir_all(&tmp);
}

#[test]
fn known_alterations_of_the_corpus() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile_dir("diff-corpus");
    let src = corpus.join("graph-docs-v1.0");
    copy_tree(&src, &tmp);
    edit(
        &tmp,
        "resources/user.md",
        "|aboutMe|String|",
        "|aboutMe|Int32|",
    );
    edit(
        &tmp,
        "resources/user.md",
        "|accountEnabled|Boolean|",
        "|favoriteColor|String|The color the user likes best.|\n|accountEnabled|Boolean|",
    );
    edit(
        &tmp,
        "resources/enums.md",
        "| hidden\n| unknownFutureValue",
        "| hidden\n| severe\n| unknownFutureValue",
    );
    edit(&tmp, "resources/enums.md", "| preset13 | 13\n", "");
    fs::remove_file(tmp.join("resources/acceptjoinresponse.md")).expect("removes page");

    let log = diff(&load(&src), &load(&tmp)).changes;
    assert_eq!(
        find(
            &log,
            Item::Property,
            Kind::Changed,
            "microsoft.graph.user.aboutMe"
        )
        .impact,
        Impact::Breaking
    );
    assert_eq!(
        find(
            &log,
            Item::Property,
            Kind::Added,
            "microsoft.graph.user.favoriteColor"
        )
        .impact,
        Impact::NonBreaking
    );
    assert_eq!(
        find(
            &log,
            Item::Member,
            Kind::Added,
            "microsoft.graph.riskLevel.severe"
        )
        .impact,
        Impact::NonBreaking
    );
    assert_eq!(
        find(
            &log,
            Item::Member,
            Kind::Removed,
            "microsoft.graph.categoryColor.preset13"
        )
        .impact,
        Impact::Breaking
    );
    assert_eq!(
        find(
            &log,
            Item::Type,
            Kind::Removed,
            "microsoft.graph.acceptJoinResponse"
        )
        .impact,
        Impact::Breaking
    );
    let breaking = log.iter().filter(|c| c.impact == Impact::Breaking).count();
    println!("{} changes, {breaking} breaking", log.len());
    let _ = fs::remove_dir_all(&tmp);
}

/// A fresh folder under the target's temporary folder.
fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}
