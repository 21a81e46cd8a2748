//! How values travel on the wire, in both directions.
//!
//! The service is inconsistent in ways the generated types must survive: numbers arrive as strings in one API
//! and as numbers in the next, strings arrive as bare numbers, lists arrive inside XML-style wrapper objects
//! (`{"Items": {"Backup": [..]}}`), a field documented as a list sometimes holds one object, and fields the
//! pages call always present are left out. Generated structs describe their fields with a [`Record`] impl
//! naming one [`Codec`] per field, so each generated file stays declarative: decoding is lenient (every field
//! optional, `null` as absent, unknown members kept), and encoding reproduces the form the spec says the
//! service uses, so a stored response replays as it came. Request parameters go the other way as [`Params`].

mod codec;
mod record;
mod scalar;

pub use codec::{read_nullable, Codec, List, Native, Quoted, Single, WireValue, Wrapped};
pub use record::{deserialize_record, serialize_record, Record, UnknownFields};
pub use scalar::{
    read_integer_enum, read_scalar, read_string_enum, write_unknown_integer, IntegerEnum, ParseEnumError, Scalar,
    StringEnum, UnknownValue, WireScalar,
};

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
