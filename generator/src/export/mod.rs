//! The model in the formats the rest of the ecosystem reads: an OpenAPI 3.1 document
//! ([`openapi`](mod@openapi)) and OData CSDL XML ([`csdl`](mod@csdl)).
//!
//! Both read only the [`Api`] model and are deterministic: the same model gives the same
//! bytes.

pub mod csdl;
pub mod openapi;

pub use csdl::to_csdl;
pub use openapi::{Document, Options, to_openapi};

use crate::model::{Api, Operation, PathPiece, TypeDef};
use std::collections::HashMap;

/// An OData simple identifier as CSDL names need it (ASCII subset): a letter or `_`, then
/// letters, digits or `_`, at most 128 characters.
pub fn is_simple_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && s.chars().count() <= 128
}

/// Whether each type is an entity type (rather than a complex type), by lower-cased qualified
/// name.
///
/// The docs mark entity types with `keyProperty` in a resource page's annotation, and not on
/// every page (derived types often leave it to their base). A whole inheritance tree (the
/// types sharing one root base) is decided at once, so that an entity type never derives from
/// a complex one: the tree is made of entity types when any of its types names a key.
pub fn entity_types(api: &Api) -> HashMap<String, bool> {
    let root_of = |t: &TypeDef| {
        api.bases(t)
            .last()
            .map_or_else(|| t.name.key(), |r| r.name.key())
    };
    let mut keyed_roots: HashMap<String, bool> = HashMap::new();
    for t in &api.types {
        *keyed_roots.entry(root_of(t)).or_default() |= t.key_property.is_some();
    }
    api.types
        .iter()
        .map(|t| {
            let entity = keyed_roots.get(&root_of(t)).copied().unwrap_or(false);
            (t.name.key(), entity)
        })
        .collect()
}

/// The name of the parameter a path template shows in braces, made fit for an OpenAPI
/// template and a code generator: alternatives (`id | userPrincipalName`) are joined with `Or`,
/// words separated by blanks, `-` or other punctuation become lowerCamelCase
/// (`team-id` → `teamId`, `path and filename` → `pathAndFilename`). Never empty.
pub fn param_name(written: &str) -> String {
    use heck::{ToLowerCamelCase, ToUpperCamelCase};
    let mut out = String::new();
    for alt in written.split('|') {
        let words = alt.trim();
        if words.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(&words.to_lower_camel_case());
        } else {
            out.push_str("Or");
            out.push_str(&words.to_upper_camel_case());
        }
    }
    if out.is_empty() {
        "param".to_owned()
    } else {
        out
    }
}

/// The last `/`-separated segment of an operation's path template, as written, with the
/// parameters put back in braces. Slashes inside braces do not split.
pub fn last_segment(op: &Operation) -> String {
    let mut text = String::new();
    for piece in &op.pieces {
        match piece {
            PathPiece::Literal(l) => text.push_str(l),
            PathPiece::Param { index, .. } => {
                let name = op.params.get(*index).map_or("", |p| p.name.as_str());
                // A placeholder without slashes keeps a `/` in a name from splitting.
                text.push('{');
                text.push_str(&name.replace('/', "\u{1}"));
                text.push('}');
            }
        }
    }
    text.rsplit('/').next().unwrap_or("").replace('\u{1}', "/")
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Pages written for the export tests: routes with every template form the reference
    //! uses, and types with names CSDL cannot hold.

    use crate::model::{Api, build};
    use crate::parse::{NoIncludes, read_page};

    const WIDGET: &str = r#"---
title: "widget resource type"
doc_type: resourcePageType
---

# widget resource type

Namespace: microsoft.graph

A widget & its `<parts>`, "quoted".

## Properties

| Property | Type | Description |
|:---|:---|:---|
| id | String | The identifier. |
| name | String | A name with a control character here. |
| String-value | String | A key copied from an example. |
| size | [widgetSize](widgetsize.md) | How big. |
| gadget | [gadget](gadget.md) | Unresolved: no such page. |

## Relationships

| Relationship | Type | Description |
|:---|:---|:---|
| parts | [widget](widget.md) collection | The parts. |

## JSON representation

<!-- { "blockType": "resource", "keyProperty": "id", "openType": true, "@odata.type": "microsoft.graph.widget" } -->

```json
{ "id": "String", "name": "String" }
```
"#;

    const WIDGET_SIZE: &str = r#"---
title: "widgetSize enum type"
doc_type: enumPageType
---

# widgetSize enum type

Namespace: microsoft.graph

## Members

| Member | Value | Description |
|:---|:---|:---|
| small | 0 | Small. |
| large | 1 | Large. |
| unknownFutureValue | 2 | Evolvable enumeration sentinel value. Do not use. |
"#;

    const ROUTES: &str = r#"---
title: "widget: delta"
doc_type: apiPageType
---

# widget: delta

Namespace: microsoft.graph

Changes to widgets.

## Permissions

|Permission type|Permissions (from least to most privileged)|
|:---|:---|
|Delegated (work or school account)|Widget.Read, Widget.ReadWrite|
|Application|Widget.Read.All|

## HTTP request

```http
GET /widgets/delta
GET /drives/{drive-id}/root:/{item-path}:/widgets/delta
GET /me/widgets/{id}/parts/{id}/widgets/delta
GET /users/{id | userPrincipalName}/widgets/delta
PATCH /users/{user-id}/widgets/delta
GET /users/{userId}/widgets/delta
```

## Response

If successful, this function returns a `200 OK` response code and a collection of [widget](../resources/widget.md) objects in the response body.
"#;

    const REPORT: &str = r#"---
title: "widget: getWidgetCounts"
doc_type: apiPageType
---

# widget: getWidgetCounts

Namespace: microsoft.graph

Counts widgets.

## HTTP request

```http
GET /widgets/getWidgetCounts(period='{period_value}',since=2021-01-01)
```

## Response

If successful, this function returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.
"#;

    /// The model of the fixture pages.
    pub(crate) fn api() -> Api {
        let pages: Vec<_> = [
            ("api/widget-delta.md", ROUTES),
            ("api/widget-getwidgetcounts.md", REPORT),
            ("resources/widget.md", WIDGET),
            ("resources/widgetsize.md", WIDGET_SIZE),
        ]
        .iter()
        .map(|(path, text)| {
            // A control character XML cannot hold, as pages sometimes carry.
            let text = text.replace("control character", "control\u{1}character");
            read_page(path, &text, &NoIncludes)
        })
        .collect();
        build(&pages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn param_names() {
        assert_eq!(param_name("id"), "id");
        assert_eq!(param_name("team-id"), "teamId");
        assert_eq!(
            param_name("id | userPrincipalName"),
            "idOrUserPrincipalName"
        );
        assert_eq!(param_name("Id|userPrincipalName"), "idOrUserPrincipalName");
        assert_eq!(param_name("path and filename"), "pathAndFilename");
        assert_eq!(
            param_name("user-id | user-principal-name"),
            "userIdOrUserPrincipalName"
        );
        assert_eq!(param_name(" | "), "param");
        assert_eq!(param_name(""), "param");
    }

    #[test]
    fn identifiers() {
        assert!(is_simple_identifier("displayName"));
        assert!(is_simple_identifier("_x1"));
        assert!(!is_simple_identifier("1x"));
        assert!(!is_simple_identifier("@odata.type"));
        assert!(!is_simple_identifier("String-value"));
        assert!(!is_simple_identifier(""));
        assert!(!is_simple_identifier(&"a".repeat(129)));
    }
}
