//! The rule table: every rule's stable id, default severity, one-line explanation and fix hint.
//! `docs/lint-rules.md` documents the same table; a test keeps the two in step.

use crate::diag::Severity;

/// Declares [`RuleId`] from one table of variants and the ids they are written as.
macro_rules! rule_ids {
    ($($variant:ident => $id:literal,)*) => {
        /// A rule's stable id. It is written (in output, config files and baselines) as its
        /// kebab-case name, and ordered by that name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum RuleId {
            $(
                #[doc = concat!("`", $id, "`.")]
                $variant,
            )*
        }

        impl RuleId {
            /// Every id.
            pub const ALL: &[RuleId] = &[$(RuleId::$variant),*];

            /// The id as written.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }
        }
    };
}

rule_ids! {
    TodoPlaceholder => "todo-placeholder",
    EmptyDescription => "empty-description",
    FrontMatterField => "front-matter-field",
    PermissionsMissing => "permissions-missing",
    PlaceholderValue => "placeholder-value",
    ExampleUnknownProperty => "example-unknown-property",
    TableJsonMismatch => "table-json-mismatch",
    EnumValueUnknown => "enum-value-unknown",
    ExampleTypeMismatch => "example-type-mismatch",
    ExampleValueFormat => "example-value-format",
    NamespaceMismatch => "namespace-mismatch",
    InvalidAnnotation => "invalid-annotation",
    InvalidJson => "invalid-json",
    UnresolvedType => "unresolved-type",
    BrokenLink => "broken-link",
    ExampleRouteMismatch => "example-route-mismatch",
    StatusMismatch => "status-mismatch",
    MissingSection => "missing-section",
    HeadingCase => "heading-case",
    MissingAnnotation => "missing-annotation",
    InvalidFrontMatter => "invalid-front-matter",
    InvalidRoute => "invalid-route",
    InvalidExample => "invalid-example",
    TableShape => "table-shape",
    UnclosedFence => "unclosed-fence",
    BrokenInclude => "broken-include",
    Conflict => "conflict",
    DuplicateRoute => "duplicate-route",
    NameCollision => "name-collision",
    MetadataDrift => "metadata-drift",
}

impl RuleId {
    /// The id written `id`, if a rule has it.
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.as_str() == id)
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl Ord for RuleId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for RuleId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One lint rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, used in output, config files and baselines.
    pub id: RuleId,
    /// Severity unless a config file sets another.
    pub severity: Severity,
    /// What the rule finds, in one line.
    pub summary: &'static str,
    /// How to fix what it finds.
    pub hint: &'static str,
    /// Whether `--fix` fixes what it finds (the findings whose remedy is mechanical), and how
    /// safely.
    pub fix: Option<Fixes>,
}

/// Which fixes a rule's findings carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixes {
    /// Only safe ones: `--fix` applies them.
    Safe,
    /// Only unsafe ones: `--fix --unsafe-fixes` applies them.
    Unsafe,
    /// Safe ones for some findings, unsafe ones for others.
    Both,
}

const fn rule(id: RuleId, severity: Severity, summary: &'static str, hint: &'static str) -> Rule {
    Rule {
        id,
        severity,
        summary,
        hint,
        fix: None,
    }
}

impl Rule {
    /// The same rule, with fixes.
    const fn fixes(mut self, fixes: Fixes) -> Self {
        self.fix = Some(fixes);
        self
    }
}

use Severity::{Error, Note, Warning};

/// `todo-placeholder`.
pub const TODO_PLACEHOLDER: Rule = rule(
    RuleId::TodoPlaceholder,
    Error,
    "Draft placeholder text (`**TODO …**`, `Not yet documented`, `… pending documentation`, `PROVIDE DESCRIPTION HERE`) left in front matter, the title, the summary, a table cell or the permissions table.",
    "Replace the placeholder with the real text, or delete it.",
);

/// `empty-description`.
pub const EMPTY_DESCRIPTION: Rule = rule(
    RuleId::EmptyDescription,
    Warning,
    "A property, parameter, enum member or method row has an empty description cell.",
    "Say in one sentence what the item is or does.",
);

/// `front-matter-field`.
pub const FRONT_MATTER_FIELD: Rule = rule(
    RuleId::FrontMatterField,
    Warning,
    "A front matter key every reference page carries (title, description, author, ms.prod or ms.subservice, doc_type, localization priority) is missing, empty or only punctuation (`.`).",
    "Add the key with a real value.",
);

/// `permissions-missing`.
pub const PERMISSIONS_MISSING: Rule = rule(
    RuleId::PermissionsMissing,
    Warning,
    "An API page has no permissions table, or its table has no rows (placeholder rows are `todo-placeholder`'s); permissions named in a list or in prose instead of a table are a note.",
    "List the least privileged permission for each permission type, or `Not supported.`.",
);

/// `placeholder-value`.
pub const PLACEHOLDER_VALUE: Rule = rule(
    RuleId::PlaceholderValue,
    Warning,
    "A request or response example shows a type name (`\"String\"`, `\"String (timestamp)\"`) or a placeholder (`\"displayName-value\"`) where a value belongs; JSON representations are exempt.",
    "Put a realistic value of the property's type in the example.",
);

/// `example-unknown-property`.
pub const EXAMPLE_UNKNOWN_PROPERTY: Rule = rule(
    RuleId::ExampleUnknownProperty,
    Warning,
    "An example's JSON names a property that the type's tables do not list (or list with other case).",
    "Fix the key's spelling, or add the property to the property table.",
);

/// `table-json-mismatch`.
pub const TABLE_JSON_MISMATCH: Rule = rule(
    RuleId::TableJsonMismatch,
    Warning,
    "A resource page's JSON representation and its property table disagree: a key missing from one of them, spelt with other case, or a collection in the table that the representation and the examples show as a single value.",
    "Make the JSON representation and the property table list the same properties.",
);

/// `enum-value-unknown`.
pub const ENUM_VALUE_UNKNOWN: Rule = rule(
    RuleId::EnumValueUnknown,
    Warning,
    "An example gives an enum-typed property a value that is not a member of the enum.",
    "Use one of the enum's members, or add the member to the enum's table.",
);

/// `example-type-mismatch`.
pub const EXAMPLE_TYPE_MISMATCH: Rule = rule(
    RuleId::ExampleTypeMismatch,
    Warning,
    "An example gives a property a value of another JSON type than its table says (a string for an `Int32`, an object for a collection), so typed clients cannot read the example.",
    "Write the value as the table's type, or fix the type cell.",
);

/// `example-value-format`.
pub const EXAMPLE_VALUE_FORMAT: Rule = rule(
    RuleId::ExampleValueFormat,
    Warning,
    "An example writes a date, time, timestamp, GUID or number in a form its type does not have (`2021-13-01`, a timestamp without a zone, a fraction for an `Int32`).",
    "Write the value in the type's ISO 8601 / OData form.",
);

/// `namespace-mismatch`.
pub const NAMESPACE_MISMATCH: Rule = rule(
    RuleId::NamespaceMismatch,
    Error,
    "The page's `Namespace:` line disagrees with the `@odata.type` its examples name.",
    "Make the `@odata.type` use the page's namespace (or fix the `Namespace:` line).",
);

/// `invalid-annotation`.
pub const INVALID_ANNOTATION: Rule = rule(
    RuleId::InvalidAnnotation,
    Warning,
    "A `<!-- { \"blockType\": … } -->` annotation is not JSON at all; a trailing comma, a comment or a line break in a string, which the publishing pipeline accepts, is a note.",
    "Make the annotation strict JSON: no trailing commas, no comments, quoted keys.",
)
.fixes(Fixes::Both);

/// `invalid-json`.
pub const INVALID_JSON: Rule = rule(
    RuleId::InvalidJson,
    Error,
    "An example body or JSON representation that starts like JSON is not strict JSON.",
    "Fix the JSON at the position shown; use `\"...\"` strings rather than comments to shorten examples.",
)
.fixes(Fixes::Both);

/// `unresolved-type`.
pub const UNRESOLVED_TYPE: Rule = rule(
    RuleId::UnresolvedType,
    Warning,
    "A type cell, base type or response type names a type that no page of the docs set defines.",
    "Link the type's resource page, fix the name's spelling, or add the resource page.",
);

/// `broken-link`.
pub const BROKEN_LINK: Rule = rule(
    RuleId::BrokenLink,
    Error,
    "A relative link points at a page that is not in the docs set, or at a heading the page does not have; a link that matches a page only when case is ignored (the site resolves it) is a note.",
    "Point the link at an existing page, with the file name's exact case.",
)
.fixes(Fixes::Both);

/// `example-route-mismatch`.
pub const EXAMPLE_ROUTE_MISMATCH: Rule = rule(
    RuleId::ExampleRouteMismatch,
    Warning,
    "An example request's URL is malformed, or matches none of the routes in the page's HTTP request section.",
    "Make the example call one of the documented routes, with a well-formed URL.",
);

/// `status-mismatch`.
pub const STATUS_MISMATCH: Rule = rule(
    RuleId::StatusMismatch,
    Warning,
    "The response prose names one status code and the response example's status line another.",
    "Make the prose and the example's status line agree.",
);

/// `missing-section`.
pub const MISSING_SECTION: Rule = rule(
    RuleId::MissingSection,
    Warning,
    "A section every API or resource page has is missing, or its heading is misspelt; a missing Request body section on a GET, HEAD or DELETE page is a note.",
    "Add the section under its usual heading (see the page templates).",
)
.fixes(Fixes::Unsafe);

/// `heading-case`.
pub const HEADING_CASE: Rule = rule(
    RuleId::HeadingCase,
    Note,
    "A standard section heading is written with other capitalisation than the templates use (`HTTP Request` for `HTTP request`).",
    "Write the heading exactly as the templates do: sentence case.",
)
.fixes(Fixes::Safe);

/// `missing-annotation`.
pub const MISSING_ANNOTATION: Rule = rule(
    RuleId::MissingAnnotation,
    Note,
    "An example request or response code block has no `<!-- { \"blockType\": … } -->` annotation before it, so tools that test the docs skip it.",
    "Put `<!-- { \"blockType\": \"request\", \"name\": \"…\" } -->` (or `\"response\"`, with its `@odata.type`) on the line before the code block.",
)
.fixes(Fixes::Safe);

/// `invalid-front-matter`.
pub const INVALID_FRONT_MATTER: Rule = rule(
    RuleId::InvalidFrontMatter,
    Warning,
    "The YAML front matter does not parse (often an unquoted colon in the title).",
    "Quote values that contain `: `.",
);

/// `invalid-route`.
pub const INVALID_ROUTE: Rule = rule(
    RuleId::InvalidRoute,
    Warning,
    "A line of the HTTP request block is not a well-formed route.",
    "Write each route as `METHOD /path/{parameter}` on a line of its own.",
);

/// `invalid-example`.
pub const INVALID_EXAMPLE: Rule = rule(
    RuleId::InvalidExample,
    Warning,
    "A request example has no readable `METHOD URL` line.",
    "Start the request example with the method and the URL.",
);

/// `table-shape`.
pub const TABLE_SHAPE: Rule = rule(
    RuleId::TableShape,
    Warning,
    "A table row has more or fewer cells than its header, or continues on a line without a leading `|`.",
    "Give every row one cell per column; escape `|` inside cells as `\\|`.",
);

/// `unclosed-fence`.
pub const UNCLOSED_FENCE: Rule = rule(
    RuleId::UnclosedFence,
    Error,
    "A code fence is never closed, so the rest of the page is read as code.",
    "Close the code block with a fence as long as the one that opened it.",
);

/// `broken-include`.
pub const BROKEN_INCLUDE: Rule = rule(
    RuleId::BrokenInclude,
    Warning,
    "An `[!INCLUDE]` that the page's content depends on (a permissions table) cannot be read.",
    "Fix the include's path.",
);

/// `conflict`.
pub const CONFLICT: Rule = rule(
    RuleId::Conflict,
    Warning,
    "Two pages define the same property or enum differently.",
    "Make the definitions agree; the resource page is the reference.",
);

/// `duplicate-route`.
pub const DUPLICATE_ROUTE: Rule = rule(
    RuleId::DuplicateRoute,
    Note,
    "Two pages document the same route (with the same query options) and say it returns unrelated types; a page repeating its own route, and pages per derived type, agree.",
    "Make the pages agree on what the route returns, or keep the route on one page.",
);

/// `name-collision`.
pub const NAME_COLLISION: Rule = rule(
    RuleId::NameCollision,
    Note,
    "Two wire names of one scope differ only in case or punctuation, so generated code has to rename one.",
    "Check whether both names are really meant; usually one is a typo.",
);

/// `metadata-drift`.
pub const METADATA_DRIFT: Rule = rule(
    RuleId::MetadataDrift,
    Warning,
    "With `--metadata FILE.xml`: a type, property, enum or enum member that only the docs or only the published metadata (CSDL) has, or a property typed differently on the two sides.",
    "Fix the side that is wrong: add the item to the page's table, or report the metadata's omission; the message says which side holds what.",
);

/// Every rule, in the order the documentation lists them.
pub const RULES: &[Rule] = &[
    TODO_PLACEHOLDER,
    EMPTY_DESCRIPTION,
    FRONT_MATTER_FIELD,
    PERMISSIONS_MISSING,
    PLACEHOLDER_VALUE,
    EXAMPLE_UNKNOWN_PROPERTY,
    TABLE_JSON_MISMATCH,
    ENUM_VALUE_UNKNOWN,
    EXAMPLE_TYPE_MISMATCH,
    EXAMPLE_VALUE_FORMAT,
    NAMESPACE_MISMATCH,
    INVALID_ANNOTATION,
    INVALID_JSON,
    UNRESOLVED_TYPE,
    BROKEN_LINK,
    EXAMPLE_ROUTE_MISMATCH,
    STATUS_MISMATCH,
    MISSING_SECTION,
    HEADING_CASE,
    MISSING_ANNOTATION,
    INVALID_FRONT_MATTER,
    INVALID_ROUTE,
    INVALID_EXAMPLE,
    TABLE_SHAPE,
    UNCLOSED_FENCE,
    BROKEN_INCLUDE,
    CONFLICT,
    DUPLICATE_ROUTE,
    NAME_COLLISION,
    METADATA_DRIFT,
];

/// The rule with this id as written.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id.as_str() == id)
}

/// The rule of an id.
pub fn rule_of(id: RuleId) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The rule ids closest to a misspelt one, for "did you mean" messages.
pub fn suggest(id: &str) -> Option<&'static str> {
    RULES
        .iter()
        .map(|r| (strsim::jaro_winkler(id, r.id.as_str()), r.id.as_str()))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

/// `docgen lint --explain RULE`: the rule's row of the table, as text.
pub fn explain(rule: &Rule) -> String {
    format!(
        "{id}  (default severity: {sev})\n\n{summary}\n\nfix: {hint}\n{auto}",
        id = rule.id,
        sev = rule.severity,
        summary = rule.summary,
        hint = rule.hint,
        auto = match rule.fix {
            Some(f) => format!("--fix: {}\n", fix_cell(f)),
            None => String::new(),
        },
    )
}

/// The cell of the rule table that says whether `--fix` fixes the rule's findings.
fn fix_cell(fixes: Fixes) -> &'static str {
    match fixes {
        Fixes::Safe => "safe (`--fix`)",
        Fixes::Unsafe => "unsafe (`--fix --unsafe-fixes`)",
        Fixes::Both => "safe where mechanical, else unsafe (`--unsafe-fixes`)",
    }
}

/// `docgen lint --list-rules`: one line per rule: id, default severity, `--fix`, summary.
pub fn list() -> String {
    let width = RULES.iter().map(|r| r.id.as_str().len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in RULES {
        let fix = match r.fix {
            Some(_) => "fix",
            None => "",
        };
        out.push_str(&format!(
            "{id:<width$}  {sev:<7}  {fix:<3}  {summary}\n",
            id = r.id.as_str(),
            sev = r.severity.to_string(),
            summary = r.summary
        ));
    }
    out
}

/// The rule table as a markdown table, as `docs/lint-rules.md` holds it.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| id | default severity | what it finds | fix | `--fix` |\n| --- | --- | --- | --- | --- |\n",
    );
    for r in RULES {
        let cell = |s: &str| s.replace('|', "\\|");
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.id,
            r.severity,
            cell(r.summary),
            cell(r.hint),
            r.fix.map_or("", fix_cell)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_explained() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len(), "duplicate rule id");
        assert_eq!(RuleId::ALL.len(), RULES.len(), "an id without its rule");
        for id in RuleId::ALL {
            assert_eq!(rule_of(*id).map(|r| r.id), Some(*id));
            assert_eq!(RuleId::from_id(id.as_str()), Some(*id));
        }
        for r in RULES {
            assert!(
                r.id.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.id
            );
            assert!(
                r.summary.ends_with('.') && r.hint.ends_with('.'),
                "{}",
                r.id
            );
        }
        assert_eq!(suggest("todo-placeholders"), Some("todo-placeholder"));
        assert_eq!(suggest("zzz"), None);
    }
}
