//! How values travel on the wire, in both directions.
//!
//! The service is inconsistent in ways the generated types must survive: numbers arrive as strings in one API
//! and as numbers in the next, strings arrive as bare numbers, lists arrive inside XML-style wrapper objects
//! (`{"Items": {"Backup": [..]}}`), a field documented as a list sometimes holds one object, and fields the
//! pages call always present are left out. Generated structs describe their fields with a [`Record`] impl
//! naming one [`Codec`] per field, so each generated file stays declarative: decoding is lenient (every field
//! optional, `null` as absent, unknown members kept), and encoding reproduces the form the spec says the
//! service uses, so a stored response replays as it came. Request parameters go the other way as [`Params`].

use std::borrow::Cow;

use crate::time::TimeFormat;

mod codec;
mod record;
mod scalar;
pub mod styled;

pub use styled::Style;

pub use codec::{
    read_nullable, Codec, List, ListValue, Native, Quoted, ScalarValue, SerdeValue, Single, TextValue, ValueCodec,
    WireValue, Wrapped,
};
pub use record::{
    deserialize_record, serialize_record, FieldKey, ReadFields, Record, RecordJson, RecordValue, UnknownFields,
    WriteFields,
};
pub use scalar::{
    debug_string_enum, deserialize_enum, parse_string_enum, read_integer_enum, read_scalar, read_string_enum,
    write_integer_enum, write_unknown_integer, IntegerEnum, IntegerEnumValue, ParseEnumError, Scalar, StringEnum,
    StringEnumValue, UnknownValue, WireScalar,
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
param_by_display!(String, i32, i64, f32, f64, bool);

/// Where a request parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// The query string.
    Query,
    /// An `application/x-www-form-urlencoded` body (the request is a POST).
    Form,
}

/// One parameter: its name as sent (`Tag.1.Key` for a flattened member) and its value.
pub type Param = (Cow<'static, str>, String);

/// The parameters of one request: wire name and value, in the order the spec lists them, for the query and for
/// the form body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    query: Vec<Param>,
    form: Vec<Param>,
}

impl Params {
    /// An empty parameter list.
    pub fn new() -> Self {
        Self::default()
    }

    fn list(&mut self, location: Location) -> &mut Vec<Param> {
        match location {
            Location::Query => &mut self.query,
            Location::Form => &mut self.form,
        }
    }

    /// Appends a query parameter.
    pub fn push(&mut self, name: &'static str, value: impl Into<String>) {
        self.query.push((Cow::Borrowed(name), value.into()));
    }

    /// Appends a parameter, when it is set, in its wire text ([`ParamValue`]).
    pub fn add<T: ParamValue + ?Sized>(&mut self, location: Location, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.list(location).push((Cow::Borrowed(name), value.to_param()));
        }
    }

    /// Appends a time parameter, when it is set, in the operation's format.
    pub fn add_time(
        &mut self,
        location: Location,
        name: &'static str,
        value: Option<&time::OffsetDateTime>,
        format: TimeFormat,
    ) {
        if let Some(value) = value {
            self.list(location).push((Cow::Borrowed(name), format.format(*value)));
        }
    }

    /// Appends a list, structure or free-form value, when it is set, in its style (see [`styled`]).
    pub fn add_styled<T: WireValue>(
        &mut self,
        location: Location,
        name: &'static str,
        value: Option<&T>,
        style: Style,
    ) {
        if let Some(value) = value {
            let pairs = styled::encode(name, value, style);
            self.list(location).extend(pairs.into_iter().map(|(k, v)| (Cow::Owned(k), v)));
        }
    }

    /// The query parameters as (wire name, value) pairs.
    pub fn as_slice(&self) -> &[Param] {
        &self.query
    }

    /// The form parameters as (wire name, value) pairs; empty when the request has no body.
    pub fn form(&self) -> &[Param] {
        &self.form
    }

    /// The value of a parameter (query or form), if it is set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.query.iter().chain(&self.form).find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The number of parameters (query and form).
    pub fn len(&self) -> usize {
        self.query.len() + self.form.len()
    }

    /// Whether no parameter is set.
    pub fn is_empty(&self) -> bool {
        self.query.is_empty() && self.form.is_empty()
    }
}

#[cfg(test)]
mod tests;
