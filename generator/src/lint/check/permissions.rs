//! `permissions-missing`: an API page without a permissions table, or whose table has no rows.
//! A row holding a placeholder instead of permissions is `todo-placeholder`'s (one defect, one
//! finding).

use super::Ctx;
use crate::lint::finding::Finding;
use crate::lint::rules;
use crate::parse::Page;
use crate::parse::page::{PageKind, SectionKind};
use crate::span::Span;

/// Runs the rule on one page.
pub fn check(_cx: &Ctx, page: &Page, out: &mut Vec<Finding>) {
    if page.kind != PageKind::Api || page.routes.is_empty() {
        return;
    }
    let Some(perms) = &page.permissions else {
        // Permissions per resource (`| Supported resource | Delegated … | Application |`) are a
        // table in another layout, not a missing one.
        let pivoted = page
            .other_tables
            .iter()
            .any(|t| t.section_kind == SectionKind::Permissions && t.permission_columns);
        if pivoted {
            return;
        }
        let heading = page
            .headings
            .iter()
            .find(|h| h.level == 2 && h.section == SectionKind::Permissions);
        // Scopes named in a list or in prose: the page does say which permissions, in another
        // layout than the templates' table.
        if let Some(at) = page.permissions_prose {
            out.push(
                Finding::new(
                    &rules::PERMISSIONS_MISSING,
                    &page.path,
                    at,
                    "permissions",
                    "the permissions section names its permissions in a list or in prose, not in a table",
                )
                .note(),
            );
            return;
        }
        let (at, message) = match heading {
            Some(h) => (
                h.at,
                "the permissions section has no permissions table".to_owned(),
            ),
            None => (
                page.title.as_ref().map_or(Span::new(1, 1), |t| t.at),
                "API page has no permissions section".to_owned(),
            ),
        };
        out.push(Finding::new(
            &rules::PERMISSIONS_MISSING,
            &page.path,
            at,
            "permissions",
            message,
        ));
        return;
    };
    if perms.rows.is_empty() {
        out.push(Finding::new(
            &rules::PERMISSIONS_MISSING,
            &page.path,
            perms.at,
            "permissions",
            "the permissions table has no rows",
        ));
    }
}
