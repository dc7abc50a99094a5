//! `docgen diff`: known alterations of a docs tree are each reported with the right impact, on
//! the fixtures and on the real v1.0 corpus; a model dump reads back as the same model.

use docgen::Config;
use docgen::diff::render::{COMMENT_LIMIT, Options};
use docgen::diff::{Change, Changelog, Class, Impact, Item, Kind, diff};
use docgen::model::Api;
use docgen_tests::{corpus, docs_input};
use quote::ToTokens;
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
fn a_dump_written_before_diagnostics_had_details_reads_back() {
    let api = load(&docs_input());
    assert!(!api.diagnostics.is_empty(), "the fixtures have diagnostics");
    // Such a dump holds each diagnostic's location, severity, kind and message only.
    let mut value = serde_json::to_value(&api).expect("serializes");
    let diags = value["diagnostics"].as_array_mut().expect("a list");
    for d in diags.iter_mut() {
        let d = d.as_object_mut().expect("an object");
        d.retain(|k, _| ["location", "severity", "kind", "message"].contains(&k.as_str()));
    }
    let old: Api = serde_json::from_value(value).expect("reads back");
    let seen = |a: &Api| -> Vec<(String, String)> {
        let d = a.diagnostics.iter();
        d.map(|d| (d.to_string(), d.kind().to_string())).collect()
    };
    assert_eq!(seen(&old), seen(&api));
    assert!(diff(&old, &api).changes.is_empty());
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
        // Not evolvable, but the generated enum is non-exhaustive and keeps unknown values.
        (
            Item::Member,
            Kind::Added,
            "microsoft.graph.threatExpectedAssessment.review",
            Impact::NonBreaking,
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
        Options::default(),
    );
    assert!(md.contains("(not shown)"), "{md}");
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
    // API changes.
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
    // Renames: a route template on its page, a property of a type (table and JSON).
    edit(
        &tmp,
        "api/user-list-joinedteams.md",
        "GET /me/joinedTeams\n",
        "GET /me/teamsJoined\n",
    );
    edit(
        &tmp,
        "resources/user.md",
        "| employeeId | String |",
        "| employeeIdentifier | String |",
    );
    edit(
        &tmp,
        "resources/user.md",
        "\"employeeId\": \"string\"",
        "\"employeeIdentifier\": \"string\"",
    );
    // Only a link's target changes in a description.
    edit(
        &tmp,
        "resources/user.md",
        "Refer to the [legal age group property definitions](#legal-age-group-property-definitions)",
        "Refer to the [legal age group property definitions](#age-group-definitions)",
    );
    // A new optional request parameter.
    edit(
        &tmp,
        "api/mailfolder-post-childfolders.md",
        "|displayName|String|",
        "|colorName|String|Optional. The color of the new folder.|\n|displayName|String|",
    );
    // Docs markup, not the API: a stray response annotation type on a 204, a route line that
    // does not parse, a type link missing its closing parenthesis.
    edit(
        &tmp,
        "api/group-delete.md",
        "\"blockType\": \"response\",",
        "\"blockType\": \"response\",\n  \"@odata.type\": \"microsoft.graph.group\",",
    );
    edit(
        &tmp,
        "api/group-list-members.md",
        "GET /groups/{id}/members\n",
        "GET /groups/{id} | name/members\n",
    );
    edit(
        &tmp,
        "resources/user.md",
        "|passwordProfile|[passwordProfile](passwordprofile.md)|",
        "|passwordProfile|[passwordProfile](passwordprofile.md|",
    );

    let log = diff(&load(&src), &load(&tmp)).changes;
    let expect = [
        (
            Item::Property,
            Kind::Changed,
            "microsoft.graph.user.aboutMe",
            Impact::Breaking,
        ),
        (
            Item::Property,
            Kind::Added,
            "microsoft.graph.user.favoriteColor",
            Impact::NonBreaking,
        ),
        (
            Item::Member,
            Kind::Added,
            "microsoft.graph.riskLevel.severe",
            Impact::NonBreaking,
        ),
        (
            Item::Member,
            Kind::Removed,
            "microsoft.graph.categoryColor.preset13",
            Impact::Breaking,
        ),
        (
            Item::Type,
            Kind::Removed,
            "microsoft.graph.acceptJoinResponse",
            Impact::Breaking,
        ),
        (
            Item::Operation,
            Kind::Renamed,
            "GET /me/teamsJoined",
            Impact::Breaking,
        ),
        (
            Item::Property,
            Kind::Renamed,
            "microsoft.graph.user.employeeIdentifier",
            Impact::Breaking,
        ),
        (
            Item::Operation,
            Kind::Changed,
            "POST /me/mailFolders/{id}/childFolders",
            Impact::NonBreaking,
        ),
        (
            Item::Property,
            Kind::Changed,
            "microsoft.graph.user.ageGroup",
            Impact::Description,
        ),
        (
            Item::Operation,
            Kind::Changed,
            "DELETE /groups/{id}",
            Impact::DocsFix,
        ),
        (
            Item::Operation,
            Kind::Removed,
            "GET /groups/{id}/members",
            Impact::DocsFix,
        ),
        (
            Item::Property,
            Kind::Changed,
            "microsoft.graph.user.passwordProfile",
            Impact::DocsFix,
        ),
    ];
    for (item, kind, subject, impact) in expect {
        assert_eq!(find(&log, item, kind, subject).impact, impact, "{subject}");
    }
    let renamed = find(&log, Item::Operation, Kind::Renamed, "GET /me/teamsJoined");
    assert_eq!(renamed.was.as_deref(), Some("GET /me/joinedTeams"));
    let fix = find(
        &log,
        Item::Operation,
        Kind::Removed,
        "GET /groups/{id}/members",
    );
    assert!(
        fix.basis
            .as_deref()
            .unwrap_or_default()
            .starts_with("invalid-route in the new docs"),
        "{fix:#?}"
    );
    // Route stubs are named after their page's operation and told apart by path words only
    // where routes share it, so a route that goes or changes renames those it was told from:
    // `/me/teamsJoined` no longer shares `joinedTeams` with the `users` route, and with the
    // groups route gone the administrative units' routes need no path words.
    let renamed_stubs = [
        (
            "GET /users/{id | user-principal-name}/joinedTeams",
            "stub `ListJoinedTeamsUsers` → `ListJoinedTeamsUsersJoinedTeams`",
        ),
        (
            "GET /directory/administrativeUnits/{id}/members",
            "stub `ListMembersDirectoryAdministrativeUnits` → `ListMembers`",
        ),
        (
            "GET /directory/administrativeUnits/{id}/members/$ref",
            "stub `ListMembersDirectoryAdministrativeUnitsRef` → `ListMembersRef`",
        ),
    ];
    for (subject, detail) in renamed_stubs {
        let c = find(&log, Item::Operation, Kind::Changed, subject);
        assert_eq!(
            (c.class, c.impact, c.detail.as_str()),
            (Class::RustNameChanged, Impact::Breaking, detail),
            "{subject}"
        );
    }
    // Judged by hand: every breaking entry is one of the API changes made above, or a
    // consequence of one (a type that referred to the removed type, a stub renamed above).
    let breaking: Vec<&Change> = log
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .filter(|c| {
            !expect
                .iter()
                .any(|e| e.3 == Impact::Breaking && e.2.eq_ignore_ascii_case(&c.subject))
                && !renamed_stubs.iter().any(|(s, _)| *s == c.subject)
        })
        .collect();
    assert!(
        breaking.is_empty(),
        "breaking changes nobody made: {breaking:#?}"
    );
    let md = docgen::diff::render::markdown(&Changelog { changes: log }, Options::default());
    assert!(md.chars().count() <= COMMENT_LIMIT);
    let _ = fs::remove_dir_all(&tmp);
}

/// One verdict of the judged data: api (a real API change) or docs (a docs fix).
struct Verdict {
    api: bool,
    class: String,
    subject: String,
}

fn verdicts(path: &Path) -> Vec<Verdict> {
    fs::read_to_string(path)
        .expect("reads the judged data")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(
                f.len() == 4 && matches!(f[0], "api" | "docs") && !f[3].is_empty(),
                "{}:{}: want verdict, class, subject, reason",
                path.display(),
                i + 1
            );
            Verdict {
                api: f[0] == "api",
                class: f[1].to_owned(),
                subject: f[2].to_owned(),
            }
        })
        .collect()
}

fn word<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The v1.0 reference of 2021-05 against that of 2021-07: every breaking entry is an API change
/// judged by hand, every docs fix is judged one, every entry judged an API change still comes
/// out as breaking (and no judged docs fix as anything else), and the Markdown fits one
/// pull-request comment.
#[test]
fn two_months_of_the_reference_against_judged_verdicts() {
    let Some(corpus) = corpus() else { return };
    let old = corpus.join("graph-docs-v1.0-2021-05");
    if !old.is_dir() {
        let required = std::env::var("DOCGEN_REQUIRE_CORPUS").is_ok_and(|v| v == "1");
        assert!(!required, "{} is missing", old.display());
        eprintln!("skipping: {} not found", old.display());
        return;
    }
    let log = diff(&load(&old), &load(&corpus.join("graph-docs-v1.0")));
    let judged =
        verdicts(&docgen_tests::workspace().join("tests/diff/judged-v1.0-2021-05-to-2021-07.tsv"));
    let verdict = |c: &Change| {
        judged
            .iter()
            .find(|v| v.class == word(c.class) && v.subject == c.subject)
    };
    let mut wrong = Vec::new();
    for c in &log.changes {
        let want = match c.impact {
            Impact::Breaking => true,
            Impact::DocsFix => false,
            _ => continue,
        };
        match verdict(c) {
            Some(v) if v.api == want => {}
            found => wrong.push(format!(
                "{:?} {:?} `{}`: judged {}",
                c.impact,
                c.class,
                c.subject,
                found.map_or("nowhere", |v| if v.api { "api" } else { "docs" })
            )),
        }
        if c.impact == Impact::DocsFix {
            assert!(
                c.basis.is_some(),
                "a docs fix names what it stands on: {c:#?}"
            );
        }
    }
    // Recall: every entry judged an API change still comes out as breaking. An entry judged a
    // docs fix may vanish (the reader now reads both sides alike), but never comes out as
    // anything else.
    for v in &judged {
        let same = |c: &&Change| word(c.class) == v.class && c.subject == v.subject;
        if v.api {
            if !log
                .changes
                .iter()
                .filter(same)
                .any(|c| c.impact == Impact::Breaking)
            {
                wrong.push(format!(
                    "judged {} `{}` no longer comes out as breaking",
                    v.class, v.subject
                ));
            }
        } else if let Some(c) = log
            .changes
            .iter()
            .filter(same)
            .find(|c| c.impact != Impact::DocsFix)
        {
            wrong.push(format!(
                "judged docs fix {} `{}` comes out as {:?}",
                v.class, v.subject, c.impact
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let md = docgen::diff::render::markdown(&log, Options::default());
    assert!(
        md.chars().count() <= COMMENT_LIMIT,
        "{} characters",
        md.chars().count()
    );
    // Breaking changes are shown in full; `--full` shows every change on its own row.
    for c in log.changes.iter().filter(|c| c.impact == Impact::Breaking) {
        assert!(md.contains(&c.subject.replace('|', "\\|")), "{}", c.subject);
    }
    let full = docgen::diff::render::markdown(
        &log,
        Options {
            descriptions: true,
            full: true,
        },
    );
    assert!(full.lines().filter(|l| l.starts_with("| ")).count() >= log.changes.len());
    let json: serde_json::Value =
        serde_json::from_str(&docgen::diff::render::json(&log, true)).expect("json");
    assert_eq!(
        json["changes"].as_array().map(Vec::len),
        Some(log.changes.len())
    );
}

/// What the changelog's classes stand on holds for the code the generator emits: enums are
/// non-exhaustive with `Other(String)`, unions non-exhaustive, struct fields optional with
/// `Default`.
#[test]
fn the_promises_the_classes_stand_on_hold_for_generated_code() {
    use docgen::codegen::naming::{RustName, RustPlan};
    use docgen::codegen::promises::{PROMISES, Promises};
    let api = load(&docs_input());
    let files =
        docgen::codegen::generate(&api, &docgen::codegen::Options::default()).expect("generates");
    let plan = RustPlan::new(&api);
    let name = |r: &RustName| r.name.clone();
    let enums: Vec<String> = plan.enums.iter().map(|e| name(&e.rust)).collect();
    let unions: Vec<String> = plan
        .types
        .iter()
        .filter_map(|t| t.union.as_ref().map(|u| name(&u.rust)))
        .collect();
    let mut structs: Vec<String> = plan.types.iter().map(|t| name(&t.rust)).collect();
    structs.extend(
        (plan.routes.iter())
            .filter_map(|r| r.body.as_ref())
            .map(|b| name(&b.rust)),
    );
    let has = |attrs: &[syn::Attribute], what: &str| {
        attrs.iter().any(|a| {
            a.path().is_ident(what)
                || (a.path().is_ident("derive")
                    && a.meta.to_token_stream().to_string().contains(what))
        })
    };
    let mut seen = (0, 0, 0);
    let mut held = Promises {
        open_enums: true,
        optional_fields: true,
        open_unions: true,
    };
    let mut walk = vec![];
    for text in files.values() {
        if let Ok(file) = syn::parse_file(text) {
            walk.extend(file.items);
        }
    }
    while let Some(item) = walk.pop() {
        match item {
            syn::Item::Mod(m) => walk.extend(m.content.map(|c| c.1).unwrap_or_default()),
            syn::Item::Enum(e) if enums.contains(&e.ident.to_string()) => {
                seen.0 += 1;
                let other = e.variants.iter().any(|v| {
                    v.ident == "Other"
                        && v.fields.len() == 1
                        && v.fields
                            .iter()
                            .all(|f| f.ty.to_token_stream().to_string() == "String")
                });
                held.open_enums &= other && has(&e.attrs, "non_exhaustive");
            }
            syn::Item::Enum(e) if unions.contains(&e.ident.to_string()) => {
                seen.1 += 1;
                held.open_unions &= has(&e.attrs, "non_exhaustive");
            }
            syn::Item::Struct(s) if structs.contains(&s.ident.to_string()) => {
                seen.2 += 1;
                let optional = s.fields.iter().all(|f| {
                    let field = f
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    field.starts_with("additional_data")
                        || matches!(&f.ty, syn::Type::Path(p)
                            if p.path.segments.last().is_some_and(|s| s.ident == "Option"))
                });
                held.optional_fields &= optional && has(&s.attrs, "Default");
            }
            _ => {}
        }
    }
    assert!(seen.0 > 0 && seen.1 > 0 && seen.2 > 0, "found {seen:?}");
    assert_eq!(
        held, PROMISES,
        "the generated code's shapes changed: update codegen::promises::PROMISES, which moves the changelog's classes"
    );
}

/// A fresh folder under the target's temporary folder.
fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}
