//! `docgen lsp` driven over stdio as an editor drives it: initialize, open, change, hover,
//! go to definition, completion, save, shutdown and exit.

use serde_json::{Value, json};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/lint/docs")
}

/// A docs tree of the lint fixtures' resources and two API pages, in a temporary folder.
fn tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    for dir in ["api", "resources"] {
        fs::create_dir_all(tmp.path().join(dir)).expect("mkdir");
    }
    for page in [
        "resources/entity.md",
        "resources/widget.md",
        "resources/enums.md",
        "api/todo-placeholder-clean.md",
        "api/heading-case.md",
    ] {
        fs::copy(fixtures().join(page), tmp.path().join(page)).expect("copy page");
    }
    tmp
}

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_docgen"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starts docgen lsp");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            loop {
                let mut len = 0;
                loop {
                    let mut header = String::new();
                    if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        len = n.parse().expect("a length");
                    }
                }
                let mut body = vec![0; len];
                stdout.read_exact(&mut body).expect("a body");
                let msg: Value = serde_json::from_slice(&body).expect("JSON");
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            next_id: 1,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result, skipping notifications on the way.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let msg = self.wait(|m| m["id"] == json!(id));
        assert!(msg.get("error").is_none(), "{method}: {msg}");
        msg["result"].clone()
    }

    /// The next message that satisfies `pred`; the test fails after 60 s.
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(m) if pred(&m) => return m,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => panic!("no such message from the server"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server went away"),
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let msg = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        msg["params"]["diagnostics"]
            .as_array()
            .expect("an array")
            .clone()
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.canonicalize().expect("exists").display())
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn open(c: &mut Client, path: &Path) -> String {
    let u = uri(path);
    let text = fs::read_to_string(path).expect("read");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "markdown", "version": 1, "text": text}}),
    );
    u
}

fn position(text: &str, needle: &str, offset: usize) -> Value {
    let at = text.find(needle).expect("needle on the page") + offset;
    let line = text[..at].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": col})
}

#[test]
fn an_editor_session_over_stdio() {
    let t = tree();
    let mut c = Client::start();
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    assert_eq!(init["serverInfo"]["name"], "docgen");
    c.notify("initialized", json!({}));

    // Opening a page finds the docs root above it, models the tree and lints the page.
    let page = t.path().join("api/heading-case.md");
    let page_uri = open(&mut c, &page);
    let diags = c.diagnostics(&page_uri);
    assert_eq!(codes(&diags), ["heading-case"], "{diags:?}");
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": 25, "character": 0})
    );
    assert_eq!(diags[0]["severity"], 3);

    // The finding's fix as a code action.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": page_uri}, "range": diags[0]["range"],
               "context": {"diagnostics": [diags[0]]}}),
    );
    let action = &actions[0];
    assert_eq!(action["kind"], "quickfix", "{actions}");
    assert_eq!(action["isPreferred"], true);
    let edit = &action["edit"]["changes"][page_uri.as_str()][0];
    assert_eq!(edit["newText"], "HTTP request", "{action}");
    assert_eq!(
        edit["range"],
        json!({"start": {"line": 25, "character": 3}, "end": {"line": 25, "character": 15}})
    );

    // A change re-lints the page: fixing the heading clears the note, and a new placeholder
    // is found at once.
    let text = fs::read_to_string(&page).expect("read");
    let edited = text.replace("## HTTP Request", "## HTTP request").replace(
        "Read the properties of a",
        "**TODO: say more** Read the properties of a",
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": page_uri, "version": 2},
               "contentChanges": [{"text": edited}]}),
    );
    let diags = c.diagnostics(&page_uri);
    assert_eq!(codes(&diags), ["todo-placeholder"], "{diags:?}");

    // Hover on a link to a resource page shows the type and its properties.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": page_uri}, "position": position(&edited, "[widget](../resources/widget.md)", 3)}),
    );
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(value.starts_with("**microsoft.graph.widget**"), "{value}");
    assert!(
        value.contains("| `displayName` | `Edm.String` |"),
        "{value}"
    );

    // Go to definition from the same link: the resource page.
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": page_uri}, "position": position(&edited, "[widget](../resources/widget.md)", 3)}),
    );
    let widget = t.path().join("resources/widget.md");
    assert_eq!(def["uri"], uri(&widget), "{def}");

    // On the resource page: hover on an enum link lists the members, and definition goes to
    // the enum's table.
    let widget_uri = open(&mut c, &widget);
    let _ = c.diagnostics(&widget_uri);
    let wtext = fs::read_to_string(&widget).expect("read");
    let at_enum = position(&wtext, "[widgetSize]", 2);
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": widget_uri}, "position": at_enum}),
    );
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert!(
        value.contains("**microsoft.graph.widgetSize** (enum)") && value.contains("- `large`"),
        "{value}"
    );
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": widget_uri}, "position": at_enum}),
    );
    let enums = fs::read_to_string(t.path().join("resources/enums.md")).expect("read");
    let table_line = enums[..enums.find("| Member").expect("table")]
        .matches('\n')
        .count();
    assert_eq!(def["uri"], uri(&t.path().join("resources/enums.md")));
    assert_eq!(def["range"]["start"]["line"], table_line, "{def}");

    // Completion: type names in the Type column, enum members after "Possible values".
    let typed = wtext.replace(
        "|displayName|String|The name shown on the label.|",
        "|displayName|wid|The name shown on the label.|\n|shape|widgetSize|Possible values are: |",
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": widget_uri, "version": 2},
               "contentChanges": [{"text": typed}]}),
    );
    let _ = c.diagnostics(&widget_uri);
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": widget_uri}, "position": position(&typed, "|wid|", 4)}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"widget") && labels.contains(&"widgetSize") && labels.contains(&"String"),
        "{labels:?}"
    );
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": widget_uri}, "position": position(&typed, "Possible values are: |", 21)}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert_eq!(labels, ["small", "large", "unknownFutureValue"]);

    // Saving models the tree again and re-publishes every open page.
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": page_uri}, "text": edited}),
    );
    let diags = c.diagnostics(&page_uri);
    assert_eq!(codes(&diags), ["todo-placeholder"], "{diags:?}");

    let shutdown = c.request("shutdown", Value::Null);
    assert_eq!(shutdown, Value::Null);
    c.notify("exit", Value::Null);
    let status = c.child.wait().expect("exits");
    assert!(status.success(), "{status}");
}
