//! Response fields as a tree: the tables are flat, the response is not.
//!
//! In every layout a row after an array (`Array of X`, `array<object>`, `object []`) or object row may be one of
//! its members, and nothing in the table says where the members end. The sample response is the best witness:
//! for each row, the innermost open container whose sample object has that key is its parent (so a row that
//! the sample shows back at an outer level closes the inner containers). A row the sample does not show stays
//! in the innermost open container, and that placement is recorded as a guess. A row the sample shows only
//! inside a container the table has not opened is a contradiction of the page with itself: it is noted and the
//! table's placement is kept. Keys the sample has and the table lacks become fields of origin `Sample`.

use crate::page::json::{Member, Node};
use crate::page::model::{ArrayItem, Field, Line, Note, Origin, PageType, Response, Row, Values};

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
}

/// Builds the response from the table rows (possibly none) and the JSON sample (possibly none).
pub(crate) fn build(rows: Vec<Row>, sample: Option<&Node>, table: bool, notes: &mut Vec<Note>) -> Response {
    let mut response = Response { table, description: None, fields: Vec::new() };
    let mut stack = vec![Frame { path: Vec::new(), sample: sample.cloned(), array: false, fresh: true }];
    let mut first = true;
    for row in rows {
        let was_first = std::mem::replace(&mut first, false);
        if row.name.is_empty() {
            nameless(&mut response, &mut stack, row, was_first, notes);
            continue;
        }
        let found =
            (0..stack.len()).rev().find(|d| stack[*d].sample.as_ref().is_some_and(|s| s.get(&row.name).is_some()));
        let guess = match found {
            Some(_) => None,
            None if stack.len() == 1 => None,
            None => Some(placement_guess(&stack, sample, &response.fields)),
        };
        if found.is_none() {
            if let Some(path) = sample.and_then(|s| locate(s, &row.name, "")) {
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
        let node = parent.sample.as_ref().and_then(|s| s.get(&row.name)).map(|m| m.value.clone());
        let container = row.ty.is_container();
        let array = matches!(row.ty, PageType::Array(_));
        let path = parent.path.clone();
        let siblings = children_at(&mut response.fields, &path);
        if siblings.iter().any(|f| f.row.name == row.name) {
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
            stack.push(Frame { path: child_path, sample: item, array, fresh: true });
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

/// Where a key is in the sample (`Data[].BackupSetId`), searching depth first.
fn locate(node: &Node, key: &str, prefix: &str) -> Option<String> {
    for member in node.members().unwrap_or_default() {
        let here = if prefix.is_empty() { member.key.clone() } else { format!("{prefix}.{}", member.key) };
        if member.key == key {
            return Some(here);
        }
        let (inner, suffix) = match &member.value {
            Node::Object(_) => match member.value.as_wrapper() {
                Some((w, a)) => (a.merged_item(), format!(".{w}[]")),
                None => (Some(member.value.clone()), String::new()),
            },
            Node::Array(_) => (member.value.merged_item(), "[]".to_owned()),
            _ => (None, String::new()),
        };
        if let Some(found) = inner.and_then(|i| locate(&i, key, &format!("{here}{suffix}"))) {
            return Some(found);
        }
    }
    None
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
    for member in members {
        if !fields.iter().any(|f| f.row.name == member.key) {
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
