//! `docgen lsp`: a language server over stdio, so every editor shows findings as a writer types.
//!
//! - **Diagnostics** on open, change and save: all lint rules. The tree is read and modelled
//!   once; a change re-parses and re-lints only the changed page against that model
//!   ([`analysis::Analysis::lint`]); a save models the tree again, with the editor's text for
//!   open pages, so findings across pages (unresolved types, conflicts) catch up.
//! - **Hover** on a type cell, a type or enum name in inline code, or a link: the type's
//!   description and properties, or the enum's members.
//! - **Go to definition** from the same places: the page and line that define the type or enum,
//!   or the linked page.
//! - **Completion** of type and enum names in a table's `Type` column, and of enum members after
//!   "Possible values" in a description cell.
//! - **Code actions**: the fix of each finding in the range asked about (`docgen lint --fix`'s
//!   edits), safe fixes marked preferred.
//!
//! The docs root is `--docs`, or found from the first page opened ([`crate::docs::find_root`]).
//! Text is synchronised whole on each change; positions are UTF-16 as the protocol's default.

pub mod analysis;
pub mod position;

use analysis::{Analysis, CompletionKind, Workspace};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CompletionItem,
    CompletionItemKind, CompletionParams, CompletionResponse, Diagnostic, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents,
    HoverParams, Location, MarkupContent, MarkupKind, NumberOrString, Position,
    PublishDiagnosticsParams, Range, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Why the server stopped.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    /// The client broke the protocol, or the connection failed.
    #[error("language server protocol: {0}")]
    Protocol(String),
    /// The docs tree cannot be read.
    #[error(transparent)]
    Docs(#[from] crate::Error),
    /// `docgen.toml` is invalid.
    #[error(transparent)]
    Config(#[from] crate::lint::config::ConfigError),
    /// Standard input or output failed.
    #[error("language server I/O: {0}")]
    Io(#[from] std::io::Error),
}

impl From<lsp_server::ProtocolError> for LspError {
    fn from(e: lsp_server::ProtocolError) -> Self {
        LspError::Protocol(e.to_string())
    }
}

/// Sends a message; a closed connection means the client went away.
fn send(conn: &Connection, msg: Message) -> Result<(), LspError> {
    conn.sender
        .send(msg)
        .map_err(|_| LspError::Protocol("the client closed the connection".into()))
}

/// Serves the protocol on standard input and output until the client says `exit`. `docs` is the
/// docs root; without it, the root is found from the first page opened.
pub fn run_stdio(docs: Option<PathBuf>) -> Result<(), LspError> {
    let (conn, io) = Connection::stdio();
    serve(&conn, docs)?;
    drop(conn);
    io.join()?;
    Ok(())
}

/// Serves the protocol on a connection (stdio, or in memory for tests).
pub fn serve(conn: &Connection, docs: Option<PathBuf>) -> Result<(), LspError> {
    let capabilities = serde_json::json!({
        "capabilities": {
            // Full text on each change; open/close and save with text.
            "textDocumentSync": { "openClose": true, "change": 1, "save": { "includeText": true } },
            "hoverProvider": true,
            "definitionProvider": true,
            "completionProvider": { "triggerCharacters": ["|", " ", "`", ","] },
            "codeActionProvider": true,
        },
        "serverInfo": { "name": "docgen", "version": env!("CARGO_PKG_VERSION") },
    });
    let (id, _params) = conn.initialize_start()?;
    conn.initialize_finish(id, capabilities)?;
    let mut state = State {
        root: match docs {
            Some(d) => Some(
                std::fs::canonicalize(&d).map_err(|source| crate::Error::Io {
                    path: d.clone(),
                    source,
                })?,
            ),
            None => None,
        },
        docs: HashMap::new(),
    };
    loop {
        let ws = match &state.root {
            Some(root) => match Workspace::load(root, &state.open_texts(root)) {
                Ok(ws) => Some(ws),
                Err(e) => {
                    show_error(conn, &e.to_string())?;
                    None
                }
            },
            None => None,
        };
        let analysis = ws.as_ref().map(Analysis::new);
        let uris: Vec<String> = state.docs.keys().cloned().collect();
        for uri in uris {
            state.publish(conn, analysis.as_ref(), &uri)?;
        }
        match session(conn, &mut state, analysis.as_ref())? {
            Next::Reload => continue,
            Next::Exit => return Ok(()),
        }
    }
}

/// What the session loop asks of the server loop.
enum Next {
    /// Model the tree again (a page was saved, or the root became known).
    Reload,
    /// The client said `shutdown` and `exit`, or went away.
    Exit,
}

/// An open page.
struct Doc {
    uri: Uri,
    text: String,
    /// The page model of `text`, for hover and completion.
    page: Option<crate::parse::Page>,
    /// The findings of `text`, for code actions.
    findings: Vec<crate::lint::Finding>,
}

struct State {
    /// The canonical docs root, once known.
    root: Option<PathBuf>,
    /// Open pages by URI.
    docs: HashMap<String, Doc>,
}

impl State {
    /// The docs-relative path of a URI, when it is a file under the root.
    fn rel(&self, uri: &Uri) -> Option<String> {
        let root = self.root.as_ref()?;
        let path = uri_to_path(uri)?;
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        let rel = path.strip_prefix(root).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    /// The editor's text of every open page under `root`, by docs-relative path.
    fn open_texts(&self, root: &Path) -> HashMap<String, String> {
        debug_assert_eq!(self.root.as_deref(), Some(root));
        self.docs
            .values()
            .filter_map(|d| Some((self.rel(&d.uri)?, d.text.clone())))
            .collect()
    }

    /// Lints an open page and sends its findings.
    fn publish(
        &mut self,
        conn: &Connection,
        analysis: Option<&Analysis>,
        key: &str,
    ) -> Result<(), LspError> {
        let rel = match self.docs.get(key) {
            Some(d) => self.rel(&d.uri),
            None => return Ok(()),
        };
        let Some(doc) = self.docs.get_mut(key) else {
            return Ok(());
        };
        let diagnostics = match (analysis, rel) {
            (Some(a), Some(rel)) => {
                let (page, findings) = a.lint(&rel, &doc.text);
                doc.page = Some(page);
                let diagnostics = findings.iter().map(|f| diagnostic(&doc.text, f)).collect();
                doc.findings = findings;
                diagnostics
            }
            _ => Vec::new(),
        };
        let params = PublishDiagnosticsParams {
            uri: doc.uri.clone(),
            diagnostics,
            version: None,
        };
        notify(conn, "textDocument/publishDiagnostics", params)
    }
}

fn session(
    conn: &Connection,
    state: &mut State,
    analysis: Option<&Analysis>,
) -> Result<Next, LspError> {
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req)? {
                    return Ok(Next::Exit);
                }
                let resp = request(state, analysis, req);
                send(conn, resp.into())?;
            }
            Message::Notification(n) => match n.method.as_str() {
                "textDocument/didOpen" => {
                    let p: DidOpenTextDocumentParams = params(n)?;
                    let key = p.text_document.uri.as_str().to_owned();
                    state.docs.insert(
                        key.clone(),
                        Doc {
                            uri: p.text_document.uri,
                            text: p.text_document.text,
                            page: None,
                            findings: Vec::new(),
                        },
                    );
                    if state.root.is_none() {
                        let found = uri_to_path(&state.docs[&key].uri)
                            .and_then(|p| crate::docs::find_root(&p));
                        if let Some(root) = found {
                            state.root = Some(root);
                            return Ok(Next::Reload);
                        }
                    }
                    state.publish(conn, analysis, &key)?;
                }
                "textDocument/didChange" => {
                    let p: DidChangeTextDocumentParams = params(n)?;
                    let key = p.text_document.uri.as_str().to_owned();
                    // Full synchronisation: the last change holds the whole text.
                    if let (Some(doc), Some(change)) = (
                        state.docs.get_mut(&key),
                        p.content_changes.into_iter().last(),
                    ) {
                        doc.text = change.text;
                        state.publish(conn, analysis, &key)?;
                    }
                }
                "textDocument/didSave" => {
                    let p: DidSaveTextDocumentParams = params(n)?;
                    let key = p.text_document.uri.as_str().to_owned();
                    if let (Some(doc), Some(text)) = (state.docs.get_mut(&key), p.text) {
                        doc.text = text;
                    }
                    if state.root.is_some() {
                        return Ok(Next::Reload);
                    }
                }
                "textDocument/didClose" => {
                    let p: DidCloseTextDocumentParams = params(n)?;
                    if let Some(doc) = state.docs.remove(p.text_document.uri.as_str()) {
                        let clear = PublishDiagnosticsParams {
                            uri: doc.uri,
                            diagnostics: Vec::new(),
                            version: None,
                        };
                        notify(conn, "textDocument/publishDiagnostics", clear)?;
                    }
                }
                "exit" => return Ok(Next::Exit),
                _ => {}
            },
            Message::Response(_) => {}
        }
    }
    Ok(Next::Exit)
}

fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Result<P, LspError> {
    let method = n.method.clone();
    serde_json::from_value(n.params)
        .map_err(|e| LspError::Protocol(format!("malformed `{method}` parameters: {e}")))
}

fn notify(conn: &Connection, method: &str, params: impl serde::Serialize) -> Result<(), LspError> {
    send(conn, Notification::new(method.to_owned(), params).into())
}

fn show_error(conn: &Connection, message: &str) -> Result<(), LspError> {
    notify(
        conn,
        "window/showMessage",
        serde_json::json!({ "type": 1, "message": format!("docgen: {message}") }),
    )
}

/// Answers one request; unknown methods get the protocol's "method not found".
fn request(state: &State, analysis: Option<&Analysis>, req: Request) -> Response {
    let id = req.id.clone();
    let result = match req.method.as_str() {
        "textDocument/hover" => serde_json::from_value::<HoverParams>(req.params)
            .map(|p| serde_json::to_value(hover(state, analysis, p))),
        "textDocument/definition" => serde_json::from_value::<GotoDefinitionParams>(req.params)
            .map(|p| serde_json::to_value(definition(state, analysis, p))),
        "textDocument/completion" => serde_json::from_value::<CompletionParams>(req.params)
            .map(|p| serde_json::to_value(completion(state, analysis, p))),
        "textDocument/codeAction" => serde_json::from_value::<CodeActionParams>(req.params)
            .map(|p| serde_json::to_value(code_actions(state, p))),
        other => {
            return Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("docgen does not handle `{other}`"),
            );
        }
    };
    match result {
        Ok(Ok(value)) => Response::new_ok(id, value),
        Ok(Err(e)) | Err(e) => {
            Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string())
        }
    }
}

/// The open page at a position: its model, text, 0-based line and the byte in that line.
fn at<'s>(
    state: &'s State,
    uri: &Uri,
    pos: Position,
) -> Option<(&'s crate::parse::Page, &'s str, u32, usize)> {
    let doc = state.docs.get(uri.as_str())?;
    let page = doc.page.as_ref()?;
    let line = position::line_text(&doc.text, pos.line);
    Some((
        page,
        &doc.text,
        pos.line,
        position::byte_in_line(line, pos.character),
    ))
}

fn hover(state: &State, analysis: Option<&Analysis>, p: HoverParams) -> Option<Hover> {
    let a = analysis?;
    let tp = p.text_document_position_params;
    let (page, text, line, byte) = at(state, &tp.text_document.uri, tp.position)?;
    let target = a.target_at(page, text, line, byte)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: a.hover(target),
        }),
        range: None,
    })
}

fn definition(
    state: &State,
    analysis: Option<&Analysis>,
    p: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let a = analysis?;
    let tp = p.text_document_position_params;
    let (page, text, line, byte) = at(state, &tp.text_document.uri, tp.position)?;
    let (file, span) = a.definition(a.target_at(page, text, line, byte)?)?;
    let root = state.root.as_ref()?;
    let path = root.join(file);
    // The target's line text, for the UTF-16 column: from the editor when it is open.
    let open = state
        .docs
        .values()
        .find(|d| state.rel(&d.uri).as_deref() == Some(file));
    let disk;
    let target_text = match open {
        Some(d) => d.text.as_str(),
        None => {
            disk =
                a.cx.tree
                    .pages
                    .binary_search_by(|(p, _)| p.as_str().cmp(file))
                    .ok()
                    .map(|i| a.cx.tree.pages[i].1.as_str());
            disk.unwrap_or("")
        }
    };
    let line_text = position::line_text(target_text, span.line.saturating_sub(1));
    let start = position::to_lsp(line_text, span.line, span.col);
    Some(GotoDefinitionResponse::Scalar(Location {
        uri: path_to_uri(&path)?,
        range: Range::new(start, start),
    }))
}

fn completion(
    state: &State,
    analysis: Option<&Analysis>,
    p: CompletionParams,
) -> Option<CompletionResponse> {
    let a = analysis?;
    let tp = p.text_document_position;
    let (page, text, line, byte) = at(state, &tp.text_document.uri, tp.position)?;
    let items = a
        .complete(page, text, line, byte)
        .into_iter()
        .map(|c| CompletionItem {
            label: c.label,
            detail: Some(c.detail),
            kind: Some(match c.kind {
                CompletionKind::Primitive => CompletionItemKind::KEYWORD,
                CompletionKind::Type => CompletionItemKind::CLASS,
                CompletionKind::Enum => CompletionItemKind::ENUM,
                CompletionKind::Member => CompletionItemKind::ENUM_MEMBER,
            }),
            ..CompletionItem::default()
        })
        .collect();
    Some(CompletionResponse::Array(items))
}

/// The fixes of the findings whose range meets the one asked about.
fn code_actions(state: &State, p: CodeActionParams) -> Vec<CodeActionOrCommand> {
    let Some(doc) = state.docs.get(p.text_document.uri.as_str()) else {
        return Vec::new();
    };
    let meets = |r: &Range| r.start <= p.range.end && p.range.start <= r.end;
    doc.findings
        .iter()
        .filter_map(|f| {
            let fix = f.fix.as_ref()?;
            let diag = diagnostic(&doc.text, f);
            if !meets(&diag.range) {
                return None;
            }
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit {
                    range: Range::new(
                        position::of_byte(&doc.text, e.range.start),
                        position::of_byte(&doc.text, e.range.end),
                    ),
                    new_text: e.replacement.clone(),
                })
                .collect();
            let safe = fix.safety == crate::lint::fix::Safety::Safe;
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: if safe {
                    fix.title.clone()
                } else {
                    format!("{} (unsafe: review it)", fix.title)
                },
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(doc.uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(safe),
                ..CodeAction::default()
            }))
        })
        .collect()
}

/// A finding as a protocol diagnostic, its range on the page's current text.
fn diagnostic(text: &str, f: &crate::lint::Finding) -> Diagnostic {
    use crate::diag::Severity;
    let line = position::line_text(text, f.line.saturating_sub(1));
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        message.push_str(&format!(" ({help})"));
    }
    Diagnostic {
        range: position::range(line, f.line, f.col, f.len),
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(f.rule.as_str().to_owned())),
        source: Some("docgen".to_owned()),
        message,
        ..Diagnostic::default()
    }
}

/// Characters a `file:` URI path keeps as they are.
const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The file a `file:` URI names.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path`: only the local host (empty or `localhost`) is a file here.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    Some(PathBuf::from(decoded.into_owned()))
}

/// The `file:` URI of an absolute path.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let encoded = percent_encoding::utf8_percent_encode(text, PATH).to_string();
    Uri::from_str(&format!("file://{encoded}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip() {
        let p = Path::new("/docs/api/a b#c.md");
        let uri = path_to_uri(p).unwrap();
        assert_eq!(uri.as_str(), "file:///docs/api/a%20b%23c.md");
        assert_eq!(uri_to_path(&uri).unwrap(), p);
        let remote = Uri::from_str("file://server/x.md").unwrap();
        assert_eq!(uri_to_path(&remote), None);
    }
}
