//! Response fields as a tree: the tables are flat, the response is not.
//!
//! In every layout a row after an array (`Array of X`, `array<object>`, `object []`) or object row may be one of
//! its members, and nothing in the table says where the members end. The sample response is the best witness:
//! for each row, the innermost open container whose sample object has that key is its parent (so a row that
//! the sample shows back at an outer level closes the inner containers). A row the sample does not show stays
//! in the innermost open container, and that placement is recorded as a guess. A row the sample shows only
//! inside a container the table has not opened is a contradiction of the page with itself: it is noted and the
//! table's placement is kept. Keys the sample has and the table lacks become fields of origin `Sample`.

use std::collections::{HashMap, HashSet};

use crate::json::{Member, Node};
use crate::model::{ArrayItem, Field, Line, Note, Origin, PageType, Response, Row, Values};

/// How deep containers may nest (a garbled page of nothing but `object` rows must not nest without end).
const MAX_DEPTH: usize = 32;

/// An open container while the rows are read.
struct Frame {
    /// Index path of the container field from the root (empty: the response itself).
    path: Vec<usize>,
    /// The sample object the container's members live in.
    sample: Option<Node>,
    array: bool,
    /// No row was placed in it yet (a nameless `object` row then describes its item).
    fresh: bool,
    /// The sample object's keys and the index of each one's first member, so a row finds its key at once.
    keys: HashMap<String, usize>,
    /// The names of the rows placed in it.
    placed: HashSet<String>,
}

impl Frame {
    fn new(path: Vec<usize>, sample: Option<Node>, array: bool) -> Frame {
        let mut keys = HashMap::new();
        for (index, member) in sample.as_ref().and_then(Node::members).unwrap_or_default().iter().enumerate() {
            keys.entry(member.key.clone()).or_insert(index);
        }
        Frame { path, sample, array, fresh: true, keys, placed: HashSet::new() }
    }

    /// The sample's value under a key.
    fn sample_value(&self, key: &str) -> Option<&Node> {
        let index = *self.keys.get(key)?;
        self.sample.as_ref()?.members()?.get(index).map(|m| &m.value)
    }
}

/// Builds the response from the table rows (possibly none) and the JSON sample (possibly none).
pub(crate) fn build(rows: Vec<Row>, sample: Option<&Node>, table: bool, notes: &mut Vec<Note>) -> Response {
    let mut response = Response { table, description: None, fields: Vec::new() };
    let mut stack = vec![Frame::new(Vec::new(), sample.cloned(), false)];
    // Where each key of the sample is, found in one walk when a row is first missing from the open containers.
    let mut key_paths: Option<HashMap<String, String>> = None;
    let mut first = true;
    for row in rows {
        let was_first = std::mem::replace(&mut first, false);
        if row.name.is_empty() {
            nameless(&mut response, &mut stack, row, was_first, notes);
            continue;
        }
        let found = (0..stack.len()).rev().find(|d| stack[*d].keys.contains_key(&row.name));
        let guess = match found {
            Some(_) => None,
            None if stack.len() == 1 => None,
            None => Some(placement_guess(&stack, sample, &response.fields)),
        };
        if found.is_none() {
            let paths = key_paths.get_or_insert_with(|| {
                let mut paths = HashMap::new();
                if let Some(sample) = sample {
                    first_paths(sample, "", &mut paths);
                }
                paths
            });
            if let Some(path) = paths.get(&row.name) {
                let here = if stack.len() == 1 {
                    "at the top level".to_owned()
                } else {
                    format!("in {}", container_name(&response.fields, &stack))
                };
                notes.push(Note {
                    line: row.line,
                    text: format!("the table lists `{}` {here}, but the sample has it at `{path}`", row.name),
                });
            }
        }
        stack.truncate(found.unwrap_or(stack.len() - 1) + 1);
        let Some(parent) = stack.last_mut() else {
            break;
        };
        parent.fresh = false;
        let node = parent.sample_value(&row.name).cloned();
        let repeated = !parent.placed.insert(row.name.clone());
        let container = row.ty.is_container();
        let array = matches!(row.ty, PageType::Array(_));
        let path = parent.path.clone();
        let siblings = children_at(&mut response.fields, &path);
        if repeated {
            notes.push(Note { line: row.line, text: format!("`{}` is listed twice; the first row is kept", row.name) });
            continue;
        }
        let item = node.as_ref().and_then(|n| members_of(n, array));
        siblings.push(Field {
            row,
            origin: Origin::Table,
            children: Vec::new(),
            item_description: None,
            sample: node,
            nesting_guess: guess,
        });
        if container && stack.len() >= MAX_DEPTH {
            notes.push(Note {
                line: siblings.last().map_or(0, |f| f.row.line),
                text: format!(
                    "the fields nest deeper than {MAX_DEPTH} levels here; deeper rows are kept at this level"
                ),
            });
        } else if container {
            let mut child_path = path;
            child_path.push(siblings.len() - 1);
            stack.push(Frame::new(child_path, item, array));
        }
    }
    let root = sample.cloned();
    add_sample_only(&mut response.fields, root.as_ref());
    response
}

/// A nameless `object` row: the response itself (first row), or the item of the array just opened.
fn nameless(response: &mut Response, stack: &mut [Frame], row: Row, first: bool, notes: &mut Vec<Note>) {
    let text = Some(row.description).filter(|d| !d.is_empty());
    if first && stack.len() == 1 {
        response.description = text;
        return;
    }
    match stack.last() {
        Some(top) if top.array && top.fresh => {
            let path = top.path.clone();
            if let Some(field) = field_at(&mut response.fields, &path) {
                field.item_description = text;
            }
        }
        _ => notes.push(Note {
            line: row.line,
            text: "a nameless `object` row that does not follow an array row; ignored".to_owned(),
        }),
    }
}

/// Why a row's placement is a guess.
fn placement_guess(stack: &[Frame], sample: Option<&Node>, fields: &[Field]) -> String {
    let parent = container_name(fields, stack);
    match sample {
        None => format!("placed in {parent} by the table's order; the page has no sample to confirm it"),
        Some(_) => format!("placed in {parent} by the table's order; the sample does not show this field"),
    }
}

/// `Items[]` / `ExtraInfo`: the innermost open container, for messages.
fn container_name(fields: &[Field], stack: &[Frame]) -> String {
    let Some(top) = stack.last() else {
        return "the response".to_owned();
    };
    let mut names = Vec::new();
    let mut level = fields;
    for index in &top.path {
        let Some(field) = level.get(*index) else {
            break;
        };
        let suffix = if matches!(field.row.ty, PageType::Array(_)) { "[]" } else { "" };
        names.push(format!("{}{suffix}", field.row.name));
        level = &field.children;
    }
    if names.is_empty() {
        "the response".to_owned()
    } else {
        format!("`{}`", names.join("."))
    }
}

/// The members of an array's item or of an object, seen through an XML-style wrapper.
pub(crate) fn members_of(node: &Node, array: bool) -> Option<Node> {
    match node {
        Node::Array(_) => node.merged_item().filter(|i| matches!(i, Node::Object(_))),
        Node::Object(_) if array => match node.as_wrapper() {
            Some((_, inner)) => inner.merged_item().filter(|i| matches!(i, Node::Object(_))),
            None => Some(node.clone()),
        },
        Node::Object(_) => Some(node.clone()),
        _ => None,
    }
}

/// Where each key of the sample is first found (`Data[].BackupSetId`), searching depth first: one walk answers
/// every row.
fn first_paths(node: &Node, prefix: &str, paths: &mut HashMap<String, String>) {
    for member in node.members().unwrap_or_default() {
        let here = if prefix.is_empty() { member.key.clone() } else { format!("{prefix}.{}", member.key) };
        paths.entry(member.key.clone()).or_insert_with(|| here.clone());
        let (inner, suffix) = match &member.value {
            Node::Object(_) => match member.value.as_wrapper() {
                Some((w, a)) => (a.merged_item(), format!(".{w}[]")),
                None => (Some(member.value.clone()), String::new()),
            },
            Node::Array(_) => (member.value.merged_item(), "[]".to_owned()),
            _ => (None, String::new()),
        };
        if let Some(inner) = inner {
            first_paths(&inner, &format!("{here}{suffix}"), paths);
        }
    }
}

/// The member list of the container at `path` (paths always come from the stack, so they exist; a stale one
/// falls back to the level it reaches).
fn children_at<'a>(fields: &'a mut Vec<Field>, path: &[usize]) -> &'a mut Vec<Field> {
    let Some((first, rest)) = path.split_first() else {
        return fields;
    };
    if *first >= fields.len() {
        return fields;
    }
    children_at(&mut fields[*first].children, rest)
}

fn field_at<'a>(fields: &'a mut [Field], path: &[usize]) -> Option<&'a mut Field> {
    let (first, rest) = path.split_first()?;
    let field = fields.get_mut(*first)?;
    if rest.is_empty() {
        Some(field)
    } else {
        field_at(&mut field.children, rest)
    }
}

/// Adds the keys the sample has and the table lacks, at every level the sample reaches.
fn add_sample_only(fields: &mut Vec<Field>, object: Option<&Node>) {
    for field in fields.iter_mut() {
        if field.row.ty.is_container() || field.origin == Origin::Sample {
            let array = matches!(field.row.ty, PageType::Array(_));
            let inner = field.sample.as_ref().and_then(|n| members_of(n, array));
            add_sample_only(&mut field.children, inner.as_ref());
        }
    }
    let Some(members) = object.and_then(Node::members) else {
        return;
    };
    let mut names: HashSet<String> = fields.iter().map(|f| f.row.name.clone()).collect();
    for member in members {
        if names.insert(member.key.clone()) {
            fields.push(from_sample(member));
        }
    }
}

/// A field known only from the sample.
fn from_sample(member: &Member) -> Field {
    let ty = sample_type(&member.value);
    let example = match &member.value {
        Node::Str(s) => Some(s.clone()),
        Node::Number { text, .. } => Some(text.clone()),
        Node::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let array = matches!(ty, PageType::Array(_));
    let mut children = Vec::new();
    if let Some(inner) = members_of(&member.value, array) {
        for m in inner.members().unwrap_or_default() {
            children.push(from_sample(m));
        }
    }
    Field {
        row: row_from_sample(member.line, &member.key, ty, example),
        origin: Origin::Sample,
        children,
        item_description: None,
        sample: Some(member.value.clone()),
        nesting_guess: None,
    }
}

fn row_from_sample(line: Line, name: &str, ty: PageType, example: Option<String>) -> Row {
    Row {
        line,
        name: name.to_owned(),
        ty_text: "(from the sample)".to_owned(),
        ty,
        required: None,
        description: String::new(),
        example,
        values: Values::default(),
        default: None,
        positive: false,
    }
}

/// The type a sample value suggests.
fn sample_type(node: &Node) -> PageType {
    match node {
        Node::Null | Node::Str(_) => PageType::String,
        Node::Bool(_) => PageType::Boolean,
        Node::Number { integer: Some(i), .. } if i32::try_from(*i).is_ok() => PageType::Integer,
        Node::Number { integer: Some(_), .. } => PageType::Long,
        Node::Number { .. } => PageType::Double,
        Node::Object(_) if node.as_wrapper().is_some() => PageType::Array(ArrayItem::Object),
        Node::Object(_) => PageType::Object,
        Node::Array(_) => match node.merged_item() {
            Some(Node::Object(_)) => PageType::Array(ArrayItem::Object),
            Some(other) => PageType::Array(ArrayItem::Scalar(Box::new(sample_type(&other)))),
            None => PageType::Array(ArrayItem::Unknown),
        },
    }
}
