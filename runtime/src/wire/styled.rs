//! Lists, structures and free-form values as request parameters, in the two styles the APIs use.
//!
//! - `repeat_list` flattens a value into one parameter per leaf, as the official SDKs' `query` flattening does:
//!   list items get their 1-based index (`Name.1=a&Name.2=b`), structure members their wire name
//!   (`Tag.1.Key=k`), at any depth (`A.1.B.2.C=x`); absent values and empty lists send nothing.
//! - `json` sends the value as one parameter holding compact JSON (`Name=["a","b"]`, members in declared order).
//!
//! Both go through the value's JSON form ([`WireValue::write`]: wire names, declared wire forms), so a generated
//! structure needs no code of its own to be sent. The server side ([`unflatten`]) rebuilds that JSON form from
//! the flattened pairs, and [`WireValue::read`] (lenient: numbers arrive as text) reads it back.

use serde::Serialize;
use serde_json::Value;

use super::codec::WireValue;

/// How a list, structure or free-form value is written as parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// One parameter per leaf: `Name.1=a`, `Tag.1.Key=k` (index base 1).
    RepeatList,
    /// One parameter holding compact JSON.
    Json,
}

/// A value written through its [`WireValue`] impl, for `serde_json`.
struct Written<'a, T>(&'a T);

impl<T: WireValue> Serialize for Written<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

/// The value's JSON form (wire names, declared wire forms); `Null` if it cannot be written (a float that is
/// not finite, which JSON has no text for).
pub fn to_json<T: WireValue>(value: &T) -> Value {
    serde_json::to_value(Written(value)).unwrap_or(Value::Null)
}

/// The parameters `value` is sent as under `name`, in the given style. JSON is written straight from the value,
/// so members keep their declared order; a value JSON cannot hold (a float that is not finite) sends nothing.
pub fn encode<T: WireValue>(name: &str, value: &T, style: Style) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match style {
        Style::RepeatList => flatten(name, &to_json(value), &mut out),
        Style::Json => out.extend(serde_json::to_string(&Written(value)).ok().map(|text| (name.to_owned(), text))),
    }
    out
}

/// Appends the leaves of `value` under `prefix` (`prefix.1`, `prefix.Key`, ...). Strings go as they are,
/// numbers and booleans as their JSON text; `null` and empty lists or objects send nothing.
pub fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        Value::Number(n) => out.push((prefix.to_owned(), n.to_string())),
        Value::Bool(b) => out.push((prefix.to_owned(), b.to_string())),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                flatten(&format!("{prefix}.{}", index + 1), item, out);
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                flatten(&format!("{prefix}.{key}"), member, out);
            }
        }
    }
}

/// The most levels a flattened name may nest ([`unflatten`] refuses deeper names rather than recursing on
/// what a client sent).
#[cfg(feature = "server")]
pub const MAX_DEPTH: usize = 32;

/// The largest list index [`unflatten`] accepts (`Name.1000` is refused: a client cannot make the server
/// allocate by naming a large index).
#[cfg(feature = "server")]
pub const MAX_INDEX: usize = 1000;

/// Rebuilds the JSON form of the value flattened under `name` from received pairs: the inverse of
/// [`flatten`]. A level whose keys are all indexes (`1`, `2`, ...) is a list, in index order; any other level
/// is an object. Leaves are strings (the reader turns them into numbers where the type says so). `Ok(None)`
/// when nothing was sent under `name`; an error names the pair that cannot be part of a value (an index of 0
/// or above [`MAX_INDEX`], a name nested deeper than [`MAX_DEPTH`], a name that is both a leaf and a level).
#[cfg(feature = "server")]
pub fn unflatten<'a>(name: &str, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Option<Value>, String> {
    use std::collections::BTreeMap;

    /// A level of the value being rebuilt, keys in the order they sort (indexes numerically).
    enum Node {
        Leaf(String),
        Level(BTreeMap<Key, Node>),
    }
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    enum Key {
        Index(usize),
        Name(String),
    }
    fn into_value(node: Node) -> Value {
        match node {
            Node::Leaf(text) => Value::String(text),
            Node::Level(members) if members.keys().all(|k| matches!(k, Key::Index(_))) => {
                Value::Array(members.into_values().map(into_value).collect())
            }
            Node::Level(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(k, v)| {
                        let key = match k {
                            Key::Index(i) => i.to_string(),
                            Key::Name(n) => n,
                        };
                        (key, into_value(v))
                    })
                    .collect(),
            ),
        }
    }

    let mut root: Option<Node> = None;
    for (key, text) in pairs {
        let rest = if key == name {
            ""
        } else if let Some(rest) = key.strip_prefix(name).and_then(|r| r.strip_prefix('.')) {
            rest
        } else {
            continue;
        };
        let segments: Vec<&str> = if rest.is_empty() { Vec::new() } else { rest.split('.').collect() };
        if segments.len() > MAX_DEPTH {
            return Err(format!("`{key}` nests deeper than {MAX_DEPTH} levels"));
        }
        let mut node = root.get_or_insert_with(|| Node::Level(BTreeMap::new()));
        for segment in &segments {
            let k = if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
                match segment.parse::<usize>() {
                    Ok(i) if (1..=MAX_INDEX).contains(&i) => Key::Index(i),
                    _ => return Err(format!("`{key}` has the list index {segment} (from 1 to {MAX_INDEX})")),
                }
            } else {
                Key::Name((*segment).to_owned())
            };
            let Node::Level(members) = node else {
                return Err(format!("`{key}` continues a name that was sent with a value of its own"));
            };
            node = members.entry(k).or_insert_with(|| Node::Level(BTreeMap::new()));
        }
        match node {
            Node::Level(members) if members.is_empty() => *node = Node::Leaf(text.to_owned()),
            _ => return Err(format!("`{key}` is sent twice, or both with a value and with members")),
        }
    }
    Ok(root.map(into_value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_and_members_are_numbered_from_one() {
        let mut out = Vec::new();
        flatten("Tag", &json!([{"Key": "k", "Value": "v"}, {"Key": "k2", "Ids": [1, 2]}]), &mut out);
        let text: Vec<String> = out.iter().map(|(k, v)| format!("{k}={v}")).collect();
        // (`json!` objects keep their members sorted; a generated structure writes them in declared order.)
        assert_eq!(text, ["Tag.1.Key=k", "Tag.1.Value=v", "Tag.2.Ids.1=1", "Tag.2.Ids.2=2", "Tag.2.Key=k2"]);
    }

    #[test]
    fn json_is_compact() {
        let out = encode("Names", &vec!["a".to_owned(), "b".to_owned()], Style::Json);
        assert_eq!(out, [("Names".to_owned(), r#"["a","b"]"#.to_owned())]);
        assert!(encode("Names", &Vec::<String>::new(), Style::RepeatList).is_empty());
    }

    #[cfg(feature = "server")]
    #[test]
    fn unflatten_refuses_what_cannot_be_a_value() {
        let rebuilt = unflatten("A", [("A.2", "y"), ("A.1", "x"), ("B.1", "z")]).unwrap();
        assert_eq!(rebuilt, Some(json!(["x", "y"])));
        assert_eq!(unflatten("A", [("B", "z")]), Ok(None));
        assert!(unflatten("A", [("A.0", "x")]).unwrap_err().contains("index 0"));
        assert!(unflatten("A", [("A.1", "x"), ("A.1.B", "y")]).is_err());
        assert!(unflatten("A", [("A.1", "x"), ("A.1", "y")]).is_err());
        let deep = format!("A{}", ".B".repeat(MAX_DEPTH + 1));
        assert!(unflatten("A", [(deep.as_str(), "x")]).is_err());
    }
}
