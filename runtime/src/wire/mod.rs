//! How values travel on the wire, in both directions.
//!
//! The service is inconsistent in ways the generated types must survive: numbers arrive as strings in one API
//! and as numbers in the next, strings arrive as bare numbers, lists arrive inside XML-style wrapper objects
//! (`{"Items": {"Backup": [..]}}`), a field documented as a list sometimes holds one object, and fields the
//! pages call always present are left out. Generated structs describe their fields with a [`Record`] impl
//! naming one [`Codec`] per field, so each generated file stays declarative: decoding is lenient (every field
//! optional, `null` as absent, unknown members kept), and encoding reproduces the form the spec says the
//! service uses, so a stored response replays as it came. Request parameters go the other way as [`Params`].

use crate::time::TimeFormat;

mod codec;
mod record;
mod scalar;

pub use codec::{read_nullable, Codec, List, Native, Quoted, Single, WireValue, Wrapped};
pub use record::{deserialize_record, serialize_record, Record, UnknownFields};
pub use scalar::{
    read_integer_enum, read_scalar, read_string_enum, write_unknown_integer, IntegerEnum, ParseEnumError, Scalar,
    StringEnum, UnknownValue, WireScalar,
};

/// How a request parameter's value is written in the query: strings as they are, numbers and booleans in their
/// decimal / `true` text, enums as their wire value. The generated enums implement it through their macros.
pub trait ParamValue {
    /// The value's text in the query.
    fn to_param(&self) -> String;
}

impl ParamValue for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

macro_rules! param_by_display {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
param_by_display!(String, i32, i64, f64, bool);

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

    /// Appends a parameter in its wire text ([`ParamValue`]).
    pub fn push_value<T: ParamValue + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.0.push((name, value.to_param()));
    }

    /// Appends a parameter when it is set.
    pub fn push_opt<T: ParamValue>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.push_value(name, value);
        }
    }

    /// Appends a time parameter, when it is set, in the operation's format.
    pub fn push_time(&mut self, name: &'static str, value: Option<time::OffsetDateTime>, format: TimeFormat) {
        if let Some(value) = value {
            self.0.push((name, format.format(value)));
        }
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
