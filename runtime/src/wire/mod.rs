//! How values travel on the wire, in both directions.
//!
//! The service is inconsistent in ways the generated types must survive: numbers arrive as strings in one API
//! and as numbers in the next, lists arrive inside XML-style wrapper objects (`{"Items": {"Backup": [..]}}`),
//! and a field documented as a list sometimes holds one object. Generated structs describe their fields with a
//! [`Record`] impl naming one [`Codec`] per field, so each generated file stays declarative: decoding is
//! lenient, and encoding reproduces the form the spec says the service uses, so a stored response replays
//! byte-for-byte. Request parameters go the other way as [`Params`].

mod codec;
mod record;
mod scalar;

pub use codec::{Codec, List, Number, OneOrMany, Optional, OptionalNumber, OptionalQuoted, Plain, Quoted, Wrapped};
pub use record::{deserialize_record, serialize_record, Blank, Record};
pub use scalar::{deserialize_integer_enum, deserialize_string_enum, ParseEnumError, Scalar, WireScalar};

/// The query parameters of one request: wire name and value, in the order the spec lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(&'static str, String)>);

impl Params {
    /// An empty parameter list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a parameter.
    pub fn push(&mut self, name: &'static str, value: impl Into<String>) {
        self.0.push((name, value.into()));
    }

    /// The parameters as (wire name, value) pairs.
    pub fn as_slice(&self) -> &[(&'static str, String)] {
        &self.0
    }

    /// The value of a parameter, if it is set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no parameter is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests;
