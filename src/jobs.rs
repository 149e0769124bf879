//! Jobs: what the core decides for a bulk run of many calls, as pure functions. The
//! runtime (Cloudflare Queues and Durable Objects, in JavaScript) owns the clock, the
//! storage and the sending; this reads and checks a plan, resolves a call's references
//! once the calls it depends on have results, and keeps the books of a pacer shared by
//! every consumer of one gateway token.
//!
//! - A **plan** is `{"calls": [{"op": …, "id"?: …, …fields}, …]}` (`plan_from_json`) or a
//!   CSV of groups to create (`plan_from_csv`). A field's value may be a **reference**,
//!   `{"$ref": "<id>.<field>"}`: a field of an earlier call's result (`REFERABLE`). Every
//!   issue of the whole plan is reported at once, each call checked exactly as
//!   `validate` checks it, with its references standing in as valid placeholders.
//! - A **planned call** keeps its references, rewritten to the referenced call's index:
//!   `{"$ref": "#<index>.<field>"}` (`#` never appears in an id), so that `resolve` needs
//!   only the call and the results by index.
//! - The **pacer** (`PaceState`, `reserve`, `observe`) grants evenly spaced send slots.

use crate::call::MAX_COMMUNITY_GROUPS;
use crate::config::{Config, RateLimit};
use crate::error::Error;
use crate::http::Response;
use crate::issues::{must_be, Issues};
use crate::json::{Obj, Value};
use crate::operation::Operation;
use crate::text::{indexed, truncate_bytes, uint};

/// Most calls one plan may hold (and rows one CSV may hold).
pub const MAX_CALLS: usize = 1000;
/// Longest call id.
pub const MAX_ID_CHARS: usize = 64;

/// The result fields a reference may take: ids and links, each a string.
pub const REFERABLE_FIELDS: [&str; 4] = ["groupId", "communityId", "announcementsGroupId", "invitationLink"];

/// Which of `REFERABLE_FIELDS` each operation's result has (src/outcome.rs): written once.
/// A field the result may leave null (createGroup's `invitationLink`, joinGroup's
/// `groupId`, createCommunity's `announcementsGroupId`) fails `resolve` when it is null.
pub const REFERABLE: [(Operation, &[&str]); 6] = [
    (Operation::CreateGroup, &["groupId", "invitationLink"]),
    (Operation::GetInvitationLink, &["groupId", "invitationLink"]),
    (Operation::ResetInvitationLink, &["groupId", "invitationLink"]),
    (Operation::JoinGroup, &["groupId"]),
    (Operation::CreateCommunity, &["communityId", "announcementsGroupId"]),
    (Operation::ResetCommunityInvitationLink, &["communityId", "invitationLink"]),
];

/// The fields of `op`'s result a reference may take.
pub fn referable(op: Operation) -> &'static [&'static str] {
    REFERABLE.iter().find(|(o, _)| *o == op).map_or(&[], |(_, fields)| fields)
}

/// One call of a checked plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedCall {
    /// Its place in the plan (0-based); references and `deps` use it.
    pub index: usize,
    pub id: Option<String>,
    pub op: Operation,
    /// `{op, …fields}` without `id`, each reference as `{"$ref": "#<index>.<field>"}`.
    pub call: Value,
    /// The indices of the calls it refers to, sorted, each once: all before `index`.
    pub deps: Vec<usize>,
}

impl PlannedCall {
    /// `{index, id?, op, call, deps}`.
    pub fn to_value(&self) -> Value {
        let mut o = Obj::new().uint("index", self.index as u64);
        if let Some(id) = &self.id {
            o = o.str("id", id);
        }
        let deps = Value::Array(self.deps.iter().map(|&d| Value::Number(d as f64)).collect());
        o.str("op", self.op.name()).value("call", self.call.clone()).value("deps", deps).finish()
    }
}

/// `{calls: [PlannedCall.to_value(), …]}`
pub fn plan_value(plan: &[PlannedCall]) -> Value {
    Obj::new().value("calls", crate::json::list(plan, PlannedCall::to_value)).finish()
}

// ---- plans from JSON -------------------------------------------------------------------

/// Reads and checks a plan, `{"calls": [...]}`, for `config`: every issue of every call,
/// named `calls[i].<field>`.
pub fn plan_from_json(config: &Config, body: &Value) -> Result<Vec<PlannedCall>, Error> {
    let mut issues = Issues::new();
    let mut plan = None;
    if body.as_object().is_none() {
        issues.add("body", must_be("an object, {\"calls\": [...]}", body));
    } else {
        crate::issues::unknown_keys(body, &["calls"], "", "a member of a plan", &mut issues);
        match body.get("calls") {
            None | Some(Value::Null) => issues.add("calls", "is required: the list of calls"),
            Some(Value::Array(calls)) if calls.is_empty() => issues.add("calls", "must list at least one call"),
            Some(Value::Array(calls)) if calls.len() > MAX_CALLS => issues.add("calls", ["lists ", &uint(calls.len() as u64), " calls; a plan holds at most 1000"].concat()),
            Some(Value::Array(calls)) => plan = Some(check_calls(config, calls, &json_label, &mut issues)),
            Some(other) => issues.add("calls", must_be("an array", other)),
        }
    }
    finish(config, issues, plan)
}

/// How a JSON plan names a call's field: `calls[3].groupIds[1]` (`calls[3]` for the call).
fn json_label(i: usize, field: &str) -> String {
    let call = indexed("calls", i);
    if field.is_empty() {
        call
    } else {
        [call.as_str(), ".", field].concat()
    }
}

fn finish(config: &Config, issues: Issues, plan: Option<Vec<PlannedCall>>) -> Result<Vec<PlannedCall>, Error> {
    match plan {
        Some(plan) if issues.is_empty() => Ok(plan),
        _ => Err(Error::validation(issues.into_vec()).with_context(Some(config.provider), None).redact(&config.redactor)),
    }
}

/// A reference found in a call: where it sits and what it takes.
struct Found {
    path: String,
    /// The call and field it takes, when the reference is good.
    target: Option<(usize, &'static str)>,
}

/// Checks every call: ids, references, and each call as `validate` would, its references
/// replaced by placeholders. Issues are named through `label(call index, field)`.
fn check_calls(config: &Config, calls: &[Value], label: &dyn Fn(usize, &str) -> String, issues: &mut Issues) -> Vec<PlannedCall> {
    // First the ids and operations of all calls, so that a reference can tell an unknown
    // id from a later call's.
    let mut ids: Vec<Option<&str>> = Vec::with_capacity(calls.len());
    let mut ops: Vec<Option<Operation>> = Vec::with_capacity(calls.len());
    for (i, c) in calls.iter().enumerate() {
        ops.push(c.get("op").and_then(Value::as_str).and_then(Operation::parse));
        let id = match c.get("id") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if valid_id(s) => {
                if let Some(first) = ids.iter().position(|other| *other == Some(s.as_str())) {
                    issues.add(label(i, "id"), ["repeats the id of ", &label(first, "")].concat());
                    None
                } else {
                    Some(s.as_str())
                }
            }
            Some(Value::String(_)) => {
                issues.add(label(i, "id"), "must be 1 to 64 letters, digits, _ or - (A-Z, a-z, 0-9, _, -)");
                None
            }
            Some(other) => {
                issues.add(label(i, "id"), must_be("a string", other));
                None
            }
        };
        ids.push(id);
    }
    let mut plan = Vec::with_capacity(calls.len());
    for (i, c) in calls.iter().enumerate() {
        let Some(members) = c.as_object() else {
            issues.add(label(i, ""), must_be("an object, {\"op\": …, …fields}", c));
            continue;
        };
        let mut found: Vec<Found> = Vec::new();
        let mut placeheld: Vec<(String, Value)> = Vec::with_capacity(members.len());
        let mut planned: Vec<(String, Value)> = Vec::with_capacity(members.len());
        for (key, v) in members {
            if key == "id" {
                continue;
            }
            if key == "op" {
                placeheld.push((key.clone(), v.clone()));
                planned.push((key.clone(), v.clone()));
                continue;
            }
            let mut look = |path: &str, r: &Value| reference(i, path, r, &ids, &ops, label, issues, &mut found);
            let (with_placeholders, with_indices) = substitute(v, key, &mut look);
            placeheld.push((key.clone(), with_placeholders));
            planned.push((key.clone(), with_indices));
        }
        let placeheld = Value::Object(placeheld);
        let mut own = Issues::new();
        if let Some(op) = ops.get(i).copied().flatten() {
            if let Err(e) = crate::check_supported(config, op) {
                own.add("op", e.message);
            }
        }
        let (op, read) = crate::call::read_call(&placeheld, config.context(), &mut own);
        for issue in own.into_vec() {
            // A broken reference is its own issue: what its stand-in caused is not.
            let at_broken = found.iter().any(|f| f.target.is_none() && within(&issue.field, &f.path));
            if at_broken {
                continue;
            }
            let mut message = issue.message;
            if let Some(f) = found.iter().find(|f| f.path == issue.field) {
                if let Some((k, field)) = f.target {
                    message.push_str(" (it refers to ");
                    message.push_str(&label(k, field));
                    message.push(')');
                }
            }
            let field = if issue.field == "call" { String::new() } else { issue.field };
            issues.add(label(i, &field), message);
        }
        if let (Some(op), Some(_)) = (op, read) {
            let mut deps: Vec<usize> = found.iter().filter_map(|f| f.target.map(|(k, _)| k)).collect();
            deps.sort_unstable();
            deps.dedup();
            plan.push(PlannedCall { index: i, id: ids.get(i).copied().flatten().map(str::to_owned), op, call: Value::Object(planned), deps });
        }
    }
    plan
}

fn valid_id(s: &str) -> bool {
    (1..=MAX_ID_CHARS).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Whether issue field `field` is at `path` or inside it.
fn within(field: &str, path: &str) -> bool {
    field.strip_prefix(path).is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// Copies `v` twice, each reference replaced: once by what `look` gives for a placeholder
/// (to check the call), once by its planned form. `path` names `v` as issues do.
fn substitute(v: &Value, path: &str, look: &mut dyn FnMut(&str, &Value) -> (Value, Value)) -> (Value, Value) {
    match v {
        Value::Object(members) if members.iter().any(|(k, _)| k == "$ref") => look(path, v),
        Value::Object(members) => {
            let mut a = Vec::with_capacity(members.len());
            let mut b = Vec::with_capacity(members.len());
            for (k, m) in members {
                let (x, y) = substitute(m, &[path, ".", k].concat(), look);
                a.push((k.clone(), x));
                b.push((k.clone(), y));
            }
            (Value::Object(a), Value::Object(b))
        }
        Value::Array(items) => {
            let (a, b) = items.iter().enumerate().map(|(n, m)| substitute(m, &indexed(path, n), look)).unzip();
            (Value::Array(a), Value::Array(b))
        }
        other => (other.clone(), other.clone()),
    }
}

/// Reads the reference `r` at `path` in call `i`: its issues, and what stands in for it
/// (a placeholder of its kind, and its planned form `{"$ref": "#k.field"}`).
#[allow(clippy::too_many_arguments)]
fn reference(i: usize, path: &str, r: &Value, ids: &[Option<&str>], ops: &[Option<Operation>], label: &dyn Fn(usize, &str) -> String, issues: &mut Issues, found: &mut Vec<Found>) -> (Value, Value) {
    let broken = |found: &mut Vec<Found>| {
        found.push(Found { path: path.to_owned(), target: None });
        (Value::Null, r.clone())
    };
    let text = match r.as_object() {
        Some([(_, Value::String(s))]) => s.as_str(),
        _ => {
            issues.add(label(i, path), "must be a reference, exactly {\"$ref\": \"<id>.<field>\"} (a string, and no other member)");
            return broken(found);
        }
    };
    let shown = truncate_bytes(text, 80);
    let Some((id, field)) = text.split_once('.') else {
        issues.add(label(i, path), ["refers to \"", shown, "\": a reference is \"<id>.<field>\", such as \"group1.groupId\""].concat());
        return broken(found);
    };
    let Some(k) = ids.iter().position(|other| *other == Some(id)) else {
        issues.add(label(i, path), ["refers to \"", truncate_bytes(id, 80), "\", which is not an earlier call's id"].concat());
        return broken(found);
    };
    if k >= i {
        let what = if k == i { "this call's own id" } else { "the id of a later call" };
        issues.add(label(i, path), ["refers to \"", id, "\", which is not an earlier call's id (it is ", what, "; a call may refer only to calls before it)"].concat());
        return broken(found);
    }
    let Some(op) = ops.get(k).copied().flatten() else {
        // That call's `op` is an issue of its own.
        return broken(found);
    };
    let Some(field) = REFERABLE_FIELDS.iter().find(|f| **f == field) else {
        issues.add(label(i, path), ["refers to \"", shown, "\": a reference takes ", &REFERABLE_FIELDS.join(", "), " from an earlier call's result"].concat());
        return broken(found);
    };
    let offered = referable(op);
    if !offered.contains(field) {
        let has = if offered.is_empty() { "it offers none to references".to_owned() } else { ["it has ", &offered.join(", ")].concat() };
        issues.add(label(i, path), ["refers to \"", shown, "\", but ", op.name(), "'s result has no ", field, " (", &has, ")"].concat());
        return broken(found);
    }
    found.push(Found { path: path.to_owned(), target: Some((k, field)) });
    let planned = Value::Object(vec![("$ref".to_owned(), Value::String(["#", &uint(k as u64), ".", field].concat()))]);
    (placeholder(k, field), planned)
}

/// A value that reads as a valid one of `field`'s kind for either provider, the same for
/// the same call and field (a group listed twice is still caught), different otherwise
/// (a group is not its own community).
fn placeholder(k: usize, field: &str) -> Value {
    let code = match field {
        "groupId" => "1",
        "communityId" => "2",
        "announcementsGroupId" => "3",
        _ => "4",
    };
    let n = uint(k as u64);
    let digits = ["9990", code, &"0".repeat(10usize.saturating_sub(n.len())), &n].concat();
    Value::String(match field {
        "communityId" => digits,
        "invitationLink" => ["https://chat.whatsapp.com/WaGroupsRef", &digits].concat(),
        _ => [digits.as_str(), "@g.us"].concat(),
    })
}

// ---- resolving references --------------------------------------------------------------

/// The call with each planned reference `{"$ref": "#<index>.<field>"}` replaced by that
/// field of the result of call `index` (`result(index)`: the result as the library
/// returns it, e.g. `{"groupId": "…@g.us", …}`; None when there is none). A missing
/// result, a field it lacks or leaves null, or a reference not in planned form is a
/// validation issue named by the field's path.
pub fn resolve(call: &Value, result: &dyn Fn(usize) -> Option<Value>) -> Result<Value, Error> {
    let mut issues = Issues::new();
    let mut look = |path: &str, r: &Value| {
        let v = resolve_one(path, r, result, &mut issues);
        (v.clone(), v)
    };
    let resolved = match call.as_object() {
        Some(members) => Value::Object(members.iter().map(|(k, v)| (k.clone(), if k == "op" { v.clone() } else { substitute(v, k, &mut look).0 })).collect()),
        None => {
            issues.add("call", must_be("an object (a planned call's `call`)", call));
            Value::Null
        }
    };
    if issues.is_empty() {
        Ok(resolved)
    } else {
        Err(Error::validation(issues.into_vec()))
    }
}

fn resolve_one(path: &str, r: &Value, result: &dyn Fn(usize) -> Option<Value>, issues: &mut Issues) -> Value {
    let target = match r.as_object() {
        Some([(_, Value::String(s))]) => s.strip_prefix('#').and_then(|s| s.split_once('.')).and_then(|(k, f)| Some((crate::json::parse_u64(k).and_then(|k| usize::try_from(k).ok())?, f))),
        _ => None,
    };
    let Some((k, field)) = target else {
        issues.add(path, "is not a planned reference {\"$ref\": \"#<index>.<field>\"}: give the `call` of a planned call (coreJobPlan)");
        return Value::Null;
    };
    let name = ["calls[", &uint(k as u64), "].", field].concat();
    match result(k) {
        None | Some(Value::Null) => issues.add(path, ["refers to ", &name, ", but calls[", &uint(k as u64), "] has no result"].concat()),
        Some(res) => match res.get(field) {
            Some(Value::String(s)) => return Value::String(s.clone()),
            None | Some(Value::Null) => issues.add(path, ["refers to ", &name, ", which its result does not have"].concat()),
            Some(other) => issues.add(path, ["refers to ", &name, ", which ", &must_be("a string", other)].concat()),
        },
    }
    Value::Null
}

// ---- plans from CSV --------------------------------------------------------------------

/// How to read a CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvOptions {
    /// The field separator: `,` (the default), `;` or a tab.
    pub delimiter: char,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { delimiter: ',' }
    }
}

impl CsvOptions {
    /// Reads `{delimiter?: "," | ";" | "\t"}`; null is the defaults.
    pub fn from_value(v: &Value) -> Result<CsvOptions, Error> {
        let mut issues = Issues::new();
        let mut options = CsvOptions::default();
        if !v.is_null() && v.as_object().is_none() {
            issues.add("options", must_be("an object, {delimiter?}", v));
        }
        crate::issues::unknown_keys(v, &["delimiter"], "options.", "an option of a CSV plan", &mut issues);
        match issues.opt_string(v, "delimiter") {
            None => {}
            Some(",") => options.delimiter = ',',
            Some(";") => options.delimiter = ';',
            Some("\t") => options.delimiter = '\t',
            Some(_) => issues.add("options.delimiter", "must be \",\", \";\" or a tab"),
        }
        if issues.is_empty() {
            Ok(options)
        } else {
            Err(Error::validation(issues.into_vec()))
        }
    }
}

/// The columns: the first two required.
pub const CSV_COLUMNS: [&str; 4] = ["name", "participants", "community", "description"];

/// Where a generated call came from, to name its issues by line.
enum Origin {
    Row(usize),
    /// A community's calls: the line that first names it.
    Community(usize),
}

/// A plan from a CSV of groups to create (RFC 4180: quoted fields with `""` for a quote,
/// CRLF or LF, a BOM tolerated). The header names the columns: `name` and `participants`
/// (required), `community` and `description`. Each row is a `createGroup` (id `row<N>`,
/// N its line); each distinct `community` is a `createCommunity` (id `community<K>`)
/// after the groups, then `linkGroups` of its rows' groups, at most 50 per call (ids
/// `community<K>-link<J>`). Participants in a cell are separated by `;`, `,`, line breaks
/// or whitespace; a cell that reads as one phone (`+55 11 99999-9999`) is that phone.
/// Issues are named by line (`line 3: participants[1]`), all of them, the generated
/// plan's included.
pub fn plan_from_csv(config: &Config, text: &str, options: CsvOptions) -> Result<Vec<PlannedCall>, Error> {
    let mut issues = Issues::new();
    let records = read_csv(text, options.delimiter, &mut issues);
    let plan = csv_calls(config, &records, &mut issues).map(|(calls, origins)| {
        let label = |i: usize, field: &str| -> String {
            match origins.get(i) {
                Some(Origin::Row(line)) => line_label(*line, field),
                Some(Origin::Community(line)) if field == "name" || field.is_empty() => line_label(*line, "community"),
                Some(Origin::Community(line)) => line_label(*line, &["community (", field, ")"].concat()),
                None => json_label(i, field),
            }
        };
        check_calls(config, &calls, &label, &mut issues)
    });
    finish(config, issues, plan)
}

fn line_label(line: usize, field: &str) -> String {
    let l = ["line ", &uint(line as u64)].concat();
    if field.is_empty() {
        l
    } else {
        [l.as_str(), ": ", field].concat()
    }
}

/// The calls of a CSV's rows and communities, with where each came from; None when the
/// CSV itself is unreadable (its issues recorded).
fn csv_calls(config: &Config, records: &[(usize, Vec<String>)], issues: &mut Issues) -> Option<(Vec<Value>, Vec<Origin>)> {
    let Some(((header_line, header), rows)) = records.split_first() else {
        issues.add("csv", "is empty: it needs a header row (name, participants[, community, description]) and at least one row");
        return None;
    };
    let before = issues.len();
    let mut columns: Vec<Option<usize>> = Vec::with_capacity(header.len());
    for cell in header {
        let name = cell.trim();
        match CSV_COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(name)) {
            Some(c) if columns.contains(&Some(c)) => issues.add(line_label(*header_line, name), "is a column given twice"),
            Some(c) => {
                columns.push(Some(c));
                continue;
            }
            None => issues.add(line_label(*header_line, truncate_bytes(name, 60)), ["is not a column; the columns are ", &CSV_COLUMNS.join(", "), " (the first two required)"].concat()),
        }
        columns.push(None);
    }
    for required in 0..2 {
        if !columns.contains(&Some(required)) {
            issues.add(line_label(*header_line, ""), ["has no \"", CSV_COLUMNS.get(required).copied().unwrap_or_default(), "\" column (required)"].concat());
        }
    }
    if rows.is_empty() {
        issues.add("csv", "has no rows after its header");
    } else if rows.len() > MAX_CALLS {
        issues.add("csv", ["has ", &uint(rows.len() as u64), " rows; a plan holds at most 1000 calls"].concat());
    }
    if issues.len() > before {
        return None;
    }
    let cell = |row: &[String], c: usize| -> Option<String> {
        let at = columns.iter().position(|x| *x == Some(c))?;
        row.get(at).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
    };
    let mut calls = Vec::with_capacity(rows.len() + 2);
    let mut origins = Vec::with_capacity(rows.len() + 2);
    // Each community in order of first appearance: its name, first line, rows' call indices.
    let mut communities: Vec<(String, usize, Vec<usize>)> = Vec::new();
    for (line, row) in rows {
        // Spreadsheets leave out trailing empty cells, and may add empty ones.
        if row.iter().skip(header.len()).any(|extra| !extra.trim().is_empty()) {
            issues.add(line_label(*line, ""), ["has ", &uint(row.len() as u64), " fields; the header has ", &uint(header.len() as u64)].concat());
            continue;
        }
        let mut o = Obj::new().str("id", &["row", &uint(*line as u64)].concat()).str("op", "createGroup");
        o = o.value("name", cell(row, 0).map_or(Value::Null, Value::String));
        let people = cell(row, 1).map(|p| split_participants(&p, config)).unwrap_or_default();
        o = o.value("participants", Value::Array(people.into_iter().map(Value::String).collect()));
        if let Some(d) = cell(row, 3) {
            o = o.str("description", &d);
        }
        if let Some(name) = cell(row, 2) {
            match communities.iter_mut().find(|(n, _, _)| *n == name) {
                Some((_, _, members)) => members.push(calls.len()),
                None => communities.push((name, *line, vec![calls.len()])),
            }
        }
        calls.push(o.finish());
        origins.push(Origin::Row(*line));
    }
    for (k, (name, line, members)) in communities.iter().enumerate() {
        let id = ["community", &uint(k as u64 + 1)].concat();
        calls.push(Obj::new().str("id", &id).str("op", "createCommunity").str("name", name).finish());
        origins.push(Origin::Community(*line));
        let community_ref = Obj::new().str("$ref", &[id.as_str(), ".communityId"].concat()).finish();
        for (j, chunk) in members.chunks(MAX_COMMUNITY_GROUPS).enumerate() {
            let groups = chunk.iter().filter_map(|&c| calls.get(c).and_then(|v| v.get("id")).and_then(Value::as_str)).map(|row| Obj::new().str("$ref", &[row, ".groupId"].concat()).finish()).collect();
            let link_id = [id.as_str(), "-link", &uint(j as u64 + 1)].concat();
            calls.push(Obj::new().str("id", &link_id).str("op", "linkGroups").value("communityId", community_ref.clone()).value("groupIds", Value::Array(groups)).finish());
            origins.push(Origin::Community(*line));
        }
    }
    if calls.len() > MAX_CALLS {
        issues.add("csv", ["makes ", &uint(calls.len() as u64), " calls with its communities; a plan holds at most 1000"].concat());
        return None;
    }
    // A row refused above is left out; the others are still checked, so that every issue
    // is named at once.
    Some((calls, origins))
}

/// The people in one `participants` cell.
fn split_participants(cell: &str, config: &Config) -> Vec<String> {
    let explicit = |c: char| matches!(c, ';' | ',' | '\n' | '\r');
    if !cell.contains(explicit) && crate::ids::Phone::parse(cell, config.default_country).is_ok() {
        return vec![cell.to_owned()];
    }
    let pieces: Vec<&str> = if cell.contains(explicit) { cell.split(explicit).collect() } else { cell.split(char::is_whitespace).collect() };
    pieces.into_iter().map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect()
}

/// RFC 4180 records, each with the line it starts on; blank records are skipped.
fn read_csv(text: &str, delimiter: char, issues: &mut Issues) -> Vec<(usize, Vec<String>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let (mut line, mut start) = (1usize, 1usize);
    let mut quoted = false; // inside quotes
    let mut was_quoted = false; // this field had quotes (closed)
    let mut chars = text.chars().peekable();
    let end_record = |record: &mut Vec<String>, start: usize, records: &mut Vec<(usize, Vec<String>)>| {
        if record.iter().any(|f| !f.trim().is_empty()) {
            records.push((start, std::mem::take(record)));
        } else {
            record.clear();
        }
    };
    let mut bad_lines: Vec<usize> = Vec::new();
    let mut bad = |line: usize, message: &str, issues: &mut Issues| {
        // One issue per line is enough to find it.
        if !bad_lines.contains(&line) {
            bad_lines.push(line);
            issues.add(line_label(line, ""), message);
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    was_quoted = true;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' | '\r' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            c if c == delimiter => {
                record.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut field));
                was_quoted = false;
                end_record(&mut record, start, &mut records);
                line += 1;
                start = line;
            }
            '"' if field.trim().is_empty() && !was_quoted => {
                field.clear();
                quoted = true;
            }
            '"' => {
                bad(line, "has a quote inside a field that is not quoted: quote the whole field and double the quote (\"\")", issues);
                field.push('"');
            }
            c if was_quoted && !c.is_whitespace() => {
                bad(line, "has text after a closing quote: quote the whole field", issues);
                field.push(c);
            }
            _ if was_quoted => {}
            c => field.push(c),
        }
    }
    if quoted {
        bad(start, "opens a quoted field that is never closed", issues);
    }
    record.push(field);
    end_record(&mut record, start, &mut records);
    records
}

// ---- the pacer -------------------------------------------------------------------------

/// The longest pause a provider's answer may impose on the pacer: one hour.
pub const MAX_PAUSE_MS: u64 = 60 * 60 * 1000;
/// A 429 that says nothing of when to come back pauses this long (as the client does).
pub const DEFAULT_429_PAUSE_MS: u64 = 1000;

/// The pacer's books for one gateway token (kept by one Durable Object).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaceState {
    /// The latest slot granted (ms since the Unix epoch); the next is `spacing` after it.
    pub last_at: Option<u64>,
    /// No slot before this (a `Retry-After`, or the provider's window used up).
    pub paused_until: u64,
    /// The provider's `X-RateLimit-Limit`, last seen: below the configured `requests`,
    /// it is the rate.
    pub limit: Option<u64>,
}

impl PaceState {
    /// `{lastAt, pausedUntil, limit}` (`lastAt` and `limit` null when unknown).
    pub fn to_value(&self) -> Value {
        Obj::new().opt_uint("lastAt", self.last_at).uint("pausedUntil", self.paused_until).opt_uint("limit", self.limit).finish()
    }

    /// Reads what `to_value` wrote; null is a fresh state.
    pub fn from_value(v: &Value) -> Result<PaceState, Error> {
        if v.is_null() {
            return Ok(PaceState::default());
        }
        let mut issues = Issues::new();
        if v.as_object().is_none() {
            issues.add("state", must_be("an object (a state the pacer returned) or null", v));
            return Err(Error::validation(issues.into_vec()));
        }
        crate::issues::unknown_keys(v, &["lastAt", "pausedUntil", "limit"], "state.", "a member of the pacer's state", &mut issues);
        let mut number = |key: &str| match v.get(key) {
            None | Some(Value::Null) => None,
            Some(n) => {
                let got = n.as_u64();
                if got.is_none() {
                    issues.add(["state.", key].concat(), "must be a whole number from 0 to 2^53 - 1, or null");
                }
                got
            }
        };
        let state = PaceState { last_at: number("lastAt"), paused_until: number("pausedUntil").unwrap_or(0), limit: number("limit").filter(|&l| l > 0) };
        if issues.is_empty() {
            Ok(state)
        } else {
            Err(Error::validation(issues.into_vec()))
        }
    }
}

/// Reads the pacer's rate: `{requests, intervalMs?}` (interval 60 000 ms when left out)
/// or a number of requests per minute, as `rateLimit` is read (src/config.rs).
pub fn read_rate(v: &Value) -> Result<RateLimit, Error> {
    let mut read = Issues::new();
    let rate = crate::config::read_rate_limit(&Value::Object(vec![("rateLimit".to_owned(), v.clone())]), None, &mut read);
    let mut issues: Vec<crate::issues::Issue> = read.into_vec();
    for i in &mut issues {
        i.field = i.field.replacen("rateLimit", "rate", 1);
    }
    match rate {
        Some(rate) if issues.is_empty() => Ok(rate),
        _ if issues.is_empty() => {
            Err(Error::validation(vec![crate::issues::Issue { field: "rate".to_owned(), message: "is required: {requests, intervalMs} or a number of requests per minute".to_owned() }]))
        }
        _ => Err(Error::validation(issues)),
    }
}

/// The time between two slots for `rate`, lowered to the provider's `limit` when that is
/// smaller: `interval / (requests − margin)`, rounded up, with margin = max(1,
/// requests / 20). Slots that far apart put at most requests − margin + 1 (≤ requests) in
/// any window of `interval`, ends included; one request per interval is spaced by more
/// than the interval.
pub fn spacing_ms(rate: RateLimit, limit: Option<u64>) -> u64 {
    let requests = u64::from(rate.requests).min(limit.unwrap_or(u64::MAX)).max(1);
    let interval = u64::from(rate.interval_ms).max(1);
    if requests == 1 {
        return interval + 1;
    }
    let margin = (requests / 20).max(1);
    interval.div_ceil(requests - margin)
}

/// Grants the next slot: `spacing_ms` after the last one granted, never before `now` nor
/// before `paused_until`. Returns the new state and how long to wait for the slot. Each
/// reservation moves the books forward, so concurrent callers get distinct slots.
pub fn reserve(state: PaceState, rate: RateLimit, now_ms: u64) -> (PaceState, u64) {
    let spacing = spacing_ms(rate, state.limit);
    let earliest = state.last_at.map_or(0, |t| t.saturating_add(spacing));
    let slot = now_ms.max(state.paused_until).max(earliest);
    (PaceState { last_at: Some(slot), ..state }, slot - now_ms)
}

/// Reads what a provider's answer says of its rate limit: `Retry-After` (seconds or an
/// HTTP date; on a 429 without it, `X-RateLimit-Reset` or a second) pauses until then;
/// `X-RateLimit-Remaining: 0` with `X-RateLimit-Reset` pauses until the reset;
/// `X-RateLimit-Limit` is kept as the provider's limit. A pause is at most an hour.
pub fn observe(state: PaceState, response: &Response, now_ms: u64) -> PaceState {
    let mut state = state;
    let mut pause_until = |until: u64| {
        let until = until.min(now_ms.saturating_add(MAX_PAUSE_MS));
        state.paused_until = state.paused_until.max(until);
    };
    if response.status == 429 || response.header("retry-after").is_some() {
        let wait = crate::classify::retry_after_ms(response, Some(now_ms));
        match wait {
            Some(ms) => pause_until(now_ms.saturating_add(ms)),
            None if response.status == 429 => pause_until(now_ms.saturating_add(DEFAULT_429_PAUSE_MS)),
            None => {}
        }
    }
    if crate::limiter::header_number(response, "x-ratelimit-remaining") == Some(0) {
        if let Some(reset) = crate::limiter::reset_at_ms(response, now_ms) {
            pause_until(reset);
        }
    }
    if let Some(limit) = crate::limiter::header_number(response, "x-ratelimit-limit").filter(|&l| l > 0) {
        state.limit = Some(limit);
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_keeps_a_margin() {
        let r = |requests, interval_ms| RateLimit { requests, interval_ms };
        assert_eq!(spacing_ms(r(100, 60_000), None), 60_000u64.div_ceil(95));
        assert_eq!(spacing_ms(r(10, 1000), None), 112);
        assert_eq!(spacing_ms(r(2, 1000), None), 1000);
        assert_eq!(spacing_ms(r(1, 1000), None), 1001);
        assert_eq!(spacing_ms(r(100, 60_000), Some(10)), 60_000u64.div_ceil(9));
        assert_eq!(spacing_ms(r(10, 60_000), Some(100)), spacing_ms(r(10, 60_000), None), "a higher provider limit changes nothing");
    }

    #[test]
    fn options_and_rates_are_read_with_their_issues() {
        let parse = |t: &str| crate::json::parse(t).unwrap();
        assert_eq!(CsvOptions::from_value(&Value::Null).unwrap(), CsvOptions::default());
        assert_eq!(CsvOptions::from_value(&parse(r#"{"delimiter":";"}"#)).unwrap().delimiter, ';');
        assert_eq!(CsvOptions::from_value(&parse(r#"{"delimiter":"\t"}"#)).unwrap().delimiter, '\t');
        let e = CsvOptions::from_value(&parse(r#"{"delimiter":"|","delimeter":1}"#)).unwrap_err();
        let f: Vec<&str> = e.issues().iter().map(|i| i.field.as_str()).collect();
        assert_eq!(f, ["options.delimeter", "options.delimiter"]);
        assert_eq!(read_rate(&parse(r#"{"requests":10,"intervalMs":1000}"#)).unwrap(), RateLimit { requests: 10, interval_ms: 1000 });
        assert_eq!(read_rate(&parse("30")).unwrap(), RateLimit { requests: 30, interval_ms: 60_000 });
        for bad in ["null", "false", r#"{"requests":0}"#, r#""x""#] {
            assert_eq!(read_rate(&parse(bad)).unwrap_err().issues()[0].field.split('.').next(), Some("rate"), "{bad}");
        }
    }

    #[test]
    fn csv_reader_quotes_and_lines() {
        let mut issues = Issues::new();
        let r = read_csv("\u{feff}a,b\r\n\"x,\"\"y\"\"\",\"two\r\nlines\"\r\n\r\nlast,1", ',', &mut issues);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(r, vec![(1, vec!["a".into(), "b".into()]), (2, vec!["x,\"y\"".into(), "two\nlines".into()]), (5, vec!["last".into(), "1".into()])]);
        let mut issues = Issues::new();
        let _ = read_csv("a,b\nx\"y,1\n\"open", ',', &mut issues);
        let fields: Vec<String> = issues.into_vec().into_iter().map(|i| i.field).collect();
        assert_eq!(fields, ["line 2", "line 3"]);
    }

    #[test]
    fn placeholders_read_as_their_kind() {
        for k in [0usize, 7, 999] {
            let g = placeholder(k, "groupId");
            assert!(crate::ids::GroupId::parse(g.as_str().unwrap()).is_ok());
            let c = placeholder(k, "communityId");
            assert!(crate::ids::CommunityId::parse(c.as_str().unwrap()).is_ok());
            let l = placeholder(k, "invitationLink");
            assert!(crate::ids::InviteCode::parse(l.as_str().unwrap()).is_ok());
            assert_ne!(crate::ids::GroupId::parse(g.as_str().unwrap()).unwrap(), crate::ids::CommunityId::parse(c.as_str().unwrap()).unwrap().as_group());
        }
    }
}
