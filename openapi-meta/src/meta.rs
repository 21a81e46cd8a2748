//! The metadata format (Alibaba Cloud's `api-docs.json`), as serde types holding what the importer reads.
//!
//! Only the keys the importer uses are declared; the others (`directories`, `staticInfo`, the Chinese prose the
//! spec never copies, ...) are ignored, so a newer metadata release with more keys still reads. Numbers the
//! metadata writes as strings (`example`, `default`, `minimum`, ...) and sometimes as numbers are kept as
//! [`serde_json::Value`] and read as text by [`text`]. Member order is kept ([`IndexMap`]): it is the order of
//! the response fields in the spec. [`parse`] names the JSON path of anything that does not fit.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use crate::MetaError;

/// A whole metadata document.
#[derive(Debug, Clone, Deserialize)]
pub struct Metadata {
    pub info: Info,
    #[serde(default)]
    pub apis: IndexMap<String, Api>,
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
}

/// `info`: the product and API version.
#[derive(Debug, Clone, Deserialize)]
pub struct Info {
    #[serde(default)]
    pub style: Option<String>,
    pub product: String,
    pub version: String,
    #[serde(default)]
    pub title: Option<String>,
}

/// One `endpoints` entry: the host serving a region.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    pub region_id: String,
    pub endpoint: String,
}

/// `apis.<Action>`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Api {
    #[serde(default)]
    pub methods: Vec<String>,
    #[serde(default)]
    pub operation_type: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    #[serde(default)]
    pub responses: IndexMap<String, Response>,
    #[serde(default)]
    pub error_codes: IndexMap<String, Vec<ErrorCode>>,
    /// A JSON string holding `[{type, example}]`.
    #[serde(default)]
    pub response_demo: Option<String>,
}

/// A request parameter.
#[derive(Debug, Clone, Deserialize)]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "in", default)]
    pub location: Option<String>,
    #[serde(default)]
    pub style: Option<String>,
    pub schema: Schema,
}

/// A response (`responses.<status>`).
#[derive(Debug, Clone, Deserialize)]
pub struct Response {
    #[serde(default)]
    pub schema: Option<Schema>,
}

/// One error code row.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorCode {
    pub error_code: String,
    #[serde(default)]
    pub error_message: Option<String>,
}

/// A schema: a parameter's, a response's, or a member's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    #[serde(rename = "type", default)]
    pub ty: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    pub example: Option<Value>,
    #[serde(default)]
    pub default: Option<Value>,
    #[serde(rename = "enum", default)]
    pub values: Option<Vec<Value>>,
    #[serde(default)]
    pub enum_value_titles: Option<IndexMap<String, Value>>,
    #[serde(default)]
    pub minimum: Option<Value>,
    #[serde(default)]
    pub maximum: Option<Value>,
    #[serde(default)]
    pub min_length: Option<Value>,
    #[serde(default)]
    pub max_length: Option<Value>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub min_items: Option<Value>,
    #[serde(default)]
    pub max_items: Option<Value>,
    #[serde(default)]
    pub deprecated: Option<bool>,
    #[serde(default)]
    pub properties: Option<IndexMap<String, Schema>>,
    #[serde(default)]
    pub items: Option<Box<Schema>>,
}

/// One entry of `responseDemo`.
#[derive(Debug, Clone, Deserialize)]
pub struct Demo {
    #[serde(rename = "type", default)]
    pub format: Option<String>,
    #[serde(default)]
    pub example: Option<String>,
}

/// Reads a metadata document; an error names the JSON path (`apis.DescribeBackups.parameters[3].schema.type`)
/// and, when it is inside one, the action.
pub fn parse(text: &str) -> Result<Metadata, MetaError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let action = action_of(&path);
        MetaError::new(action, path, e.into_inner().to_string())
    })
}

/// The action a JSON path is inside (`apis.X.parameters[0]` -> `X`).
fn action_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix("apis.")?;
    let end = rest.find(['.', '[']).unwrap_or(rest.len());
    Some(rest[..end].to_owned()).filter(|a| !a.is_empty())
}

/// A scalar written as a string or as a number or boolean, as text; `None` for null, arrays and objects.
pub fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Api {
    /// The JSON samples of `responseDemo`, in order; an error names the action's `responseDemo` when the string
    /// is not the JSON list it should be.
    pub fn json_samples(&self, action: &str) -> Result<Vec<String>, MetaError> {
        let Some(demo) = self.response_demo.as_deref().filter(|d| !d.trim().is_empty()) else {
            return Ok(Vec::new());
        };
        let demos: Vec<Demo> = serde_json::from_str(demo).map_err(|e| {
            MetaError::new(
                Some(action.to_owned()),
                format!("apis.{action}.responseDemo"),
                format!("not a JSON list of {{type, example}}: {e}"),
            )
        })?;
        Ok(demos
            .into_iter()
            .filter(|d| d.format.as_deref().is_none_or(|f| f.eq_ignore_ascii_case("json")))
            .filter_map(|d| d.example)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_member_names_its_path_and_action() {
        let text = r#"{"info":{"product":"Rds","version":"1"},"apis":{"X":{"parameters":[{"name":"A","schema":{"type":3}}]}}}"#;
        let e = parse(text).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("apis.X.parameters[0].schema.type"), "{e}");
        assert!(e.contains("`X`"), "{e}");
        assert_eq!(action_of("info.product"), None);
    }

    #[test]
    fn scalars_read_as_text() {
        assert_eq!(text(&Value::from(30)).as_deref(), Some("30"));
        assert_eq!(text(&Value::from("30")).as_deref(), Some("30"));
        assert_eq!(text(&Value::Null), None);
    }
}
