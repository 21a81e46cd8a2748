//! Response structures as JSON objects: one generic reader and writer for every generated struct.
//!
//! A generated struct describes itself with a [`Record`] impl (its wire names, which of them are required, and
//! one [`Codec`](super::Codec) call per field) and gets `Serialize`/`Deserialize` from [`record_serde!`]
//! (`crate::record_serde`). The loop over the map, finding a key among the names, skipping unknown keys,
//! refusing duplicates and reporting missing required fields is written here once; serde derives would repeat
//! all of it, with a visitor and helper types per struct, in every generated file.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserializer, Serializer};

/// A generated response structure, as a JSON object.
///
/// Reading starts from [`Blank::blank`]: absent optional fields stay `None`, absent lists stay empty, and
/// required fields hold placeholders that reading either overwrites or reports as missing.
pub trait Record: Blank {
    /// The Rust name, for error messages.
    const NAME: &'static str;
    /// The wire names of the fields, in declaration order: [`read_field`](Record::read_field) is given an
    /// index into this list.
    const FIELDS: &'static [&'static str];
    /// The wire names of the fields that must be present.
    const REQUIRED: &'static [&'static str];

    /// Reads the value of field `index` (of [`FIELDS`](Record::FIELDS)) from the map.
    fn read_field<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
    /// Writes every field that has a value, in declaration order.
    fn write_fields<S: SerializeMap>(&self, map: &mut S) -> Result<(), S::Error>;
}

/// The value a field or structure holds before reading fills it in (see [`Record`]).
///
/// Implemented for every type a response field can have; the generated enums get it from
/// `string_enum!`/`integer_enum!`, and each generated struct implements it next to its [`Record`] impl.
pub trait Blank: Sized {
    /// The placeholder.
    fn blank() -> Self;
}

macro_rules! blank_by_default {
    ($($t:ty),*) => {$(
        impl Blank for $t {
            fn blank() -> Self {
                Self::default()
            }
        }
    )*};
}
blank_by_default!(String, i32, i64, u64, f64, bool, serde_json::Map<String, serde_json::Value>);

impl<T> Blank for Option<T> {
    fn blank() -> Self {
        None
    }
}

impl<T> Blank for Vec<T> {
    fn blank() -> Self {
        Vec::new()
    }
}

impl Blank for crate::time::Timestamp {
    fn blank() -> Self {
        crate::time::Timestamp::from_text(String::new())
    }
}

/// `Serialize` for a [`Record`]: a JSON object of the fields that have values.
pub fn serialize_record<T: Record, S: Serializer>(record: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    record.write_fields(&mut map)?;
    map.end()
}

/// `Deserialize` for a [`Record`]: reads a JSON object, ignoring keys the spec does not know.
pub fn deserialize_record<'de, T: Record, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, RecordVisitor(PhantomData))
}

struct RecordVisitor<T>(PhantomData<T>);

impl<'de, T: Record> Visitor<'de> for RecordVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object (struct {})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut record = T::blank();
        let mut seen = vec![false; T::FIELDS.len()];
        while let Some(index) = map.next_key_seed(FieldIndex(T::FIELDS))? {
            let Some(index) = index else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if std::mem::replace(&mut seen[index], true) {
                return Err(de::Error::duplicate_field(T::FIELDS[index]));
            }
            record.read_field(index, &mut map)?;
        }
        for name in T::REQUIRED {
            let present = T::FIELDS.iter().zip(&seen).any(|(field, seen)| *seen && field == name);
            if !present {
                return Err(de::Error::missing_field(name));
            }
        }
        Ok(record)
    }
}

/// Finds a key among the wire names on the borrowed text: `Some(index)`, or `None` for a key the spec does not
/// know.
struct FieldIndex(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldIndex {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }
    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }
}

/// Implements `Serialize` and `Deserialize` for a generated struct through its [`Record`] impl.
#[macro_export]
macro_rules! record_serde {
    ($name:ident) => {
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::wire::serialize_record(self, serializer)
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::wire::deserialize_record(deserializer)
            }
        }
    };
}
