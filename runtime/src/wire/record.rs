//! Response structures as JSON objects: one generic reader and writer for every generated struct.
//!
//! A generated struct describes itself with a [`Record`] impl (its wire names and one [`Codec`](super::Codec)
//! call per field) and gets `Serialize`/`Deserialize` from [`record_serde!`] (`crate::record_serde`). The loop
//! over the map, finding a key among the names, keeping unknown keys and refusing duplicates is written here
//! once; serde derives would repeat all of it, with a visitor and helper types per struct, in every generated
//! file.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserializer, Serializer};

use super::{read_nullable, Codec, ValueCodec};

/// A generated response structure, as a JSON object.
///
/// Reading starts from `Default` (every field absent) and fills in the fields the object has; keys the spec
/// does not know are kept in the structure's [`UnknownFields`] and written back after the known ones, so a
/// decoded response serialises to what the service sent.
pub trait Record: Default {
    /// The Rust name, for error messages.
    const NAME: &'static str;
    /// The wire names of the fields, in declaration order: [`read_field`](Record::read_field) is given an
    /// index into this list.
    const FIELDS: &'static [&'static str];

    /// Reads the value of the field `key` names (one of [`FIELDS`](Record::FIELDS), or a member the spec does
    /// not know, kept in the structure's [`UnknownFields`]) from the map.
    fn read_field<'de, A: MapAccess<'de>>(&mut self, key: FieldKey, map: &mut A) -> Result<(), A::Error>;
    /// Writes every field that has a value, in declaration order, then the members the spec does not know.
    fn write_fields<S: SerializeMap>(&self, map: &mut S) -> Result<(), S::Error>;
}

/// The members of a response object that the spec does not declare, by wire name, kept as they arrived.
pub type UnknownFields = serde_json::Map<String, serde_json::Value>;

/// `Serialize` for a [`Record`]: a JSON object of the fields that have values.
pub fn serialize_record<T: Record, S: Serializer>(record: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    record.write_fields(&mut map)?;
    map.end()
}

/// A generated structure as a value: a JSON object (`null` is absent), written with the fields that have values.
#[derive(Debug)]
pub enum RecordValue {}

impl<T: Record> ValueCodec<T> for RecordValue {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Ok(read_nullable::<RecordJson<T>, D>(deserializer)?.map(|RecordJson(record)| record))
    }
    fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_record(value, serializer)
    }
}

/// A [`Record`] through serde, whether or not the `serde` feature gives the type serde impls of its own: the
/// client decodes responses as `RecordJson<T>`, and the server encodes them as `RecordJson<&T>`.
#[derive(Debug)]
pub struct RecordJson<T>(pub T);

impl<'de, T: Record> serde::Deserialize<'de> for RecordJson<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_record(deserializer).map(RecordJson)
    }
}

impl<T: Record> serde::Serialize for RecordJson<&T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_record(self.0, serializer)
    }
}

/// `Deserialize` for a [`Record`]: reads a JSON object, keeping keys the spec does not know.
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
        let mut record = T::default();
        let mut seen = vec![false; T::FIELDS.len()];
        while let Some(key) = map.next_key_seed(FieldIndex(T::FIELDS))? {
            if let FieldKey::Known(index) = key {
                if std::mem::replace(&mut seen[index], true) {
                    return Err(de::Error::duplicate_field(T::FIELDS[index]));
                }
            }
            record.read_field(key, &mut map)?;
        }
        Ok(record)
    }
}

/// A key of a response object: one of the structure's wire names (its index in [`Record::FIELDS`]), or one
/// the spec does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKey {
    /// The field at this index of [`Record::FIELDS`].
    Known(usize),
    /// A member the spec does not declare, by its wire name.
    Unknown(String),
}

/// Finds a key among the wire names on the borrowed text; only a key the spec does not know is copied.
struct FieldIndex(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = FieldKey;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<FieldKey, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldIndex {
    type Value = FieldKey;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<FieldKey, E> {
        Ok(match self.0.iter().position(|name| *name == key) {
            Some(index) => FieldKey::Known(index),
            None => FieldKey::Unknown(key.to_owned()),
        })
    }
    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<FieldKey, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            Err(_) => Err(E::custom("a field name that is not UTF-8")),
        }
    }
}

/// Reads the one field of a [`Record`] that a key named.
///
/// The generated `read_field` offers every field in declaration order, and the one at the key's index is read.
/// A straight line of calls costs the compiler less than a `match` over the wire names with a `?` per arm: in a
/// function generic over the map, each `?` makes it search for a `From<A::Error>`, once per field of every
/// generated struct.
pub struct ReadFields<'m, 'de, A: MapAccess<'de>> {
    key: FieldKey,
    next: usize,
    map: &'m mut A,
    result: Result<(), A::Error>,
    de: PhantomData<&'de ()>,
}

impl<'m, 'de, A: MapAccess<'de>> ReadFields<'m, 'de, A> {
    /// Starts offering fields for `key`.
    pub fn new(key: FieldKey, map: &'m mut A) -> Self {
        ReadFields { key, next: 0, map, result: Ok(()), de: PhantomData }
    }

    /// The next field in declaration order: read into `slot` with `codec` when it is the one the key named.
    pub fn field<T, C: Codec<T>>(&mut self, codec: C, slot: &mut Option<T>) {
        if self.key == FieldKey::Known(self.next) {
            self.result = codec.read(self.map, slot);
        }
        self.next += 1;
    }

    /// Ends with the structure's members the spec does not know: a key it does not know is read into them as
    /// it arrived (twice the same such key is an error, as for a known field). Gives what reading gave (an
    /// index past the fields names none, and reads nothing).
    pub fn rest(self, unknown: &mut UnknownFields) -> Result<(), A::Error> {
        match self.key {
            FieldKey::Unknown(name) => {
                let value = self.map.next_value::<serde_json::Value>()?;
                match unknown.entry(name) {
                    serde_json::map::Entry::Vacant(slot) => {
                        slot.insert(value);
                        Ok(())
                    }
                    serde_json::map::Entry::Occupied(slot) => {
                        Err(de::Error::custom(format_args!("duplicate field `{}`", slot.key())))
                    }
                }
            }
            FieldKey::Known(_) => self.result,
        }
    }
}

/// Writes the fields of a [`Record`] that have values, in declaration order, keeping the first error.
///
/// The generated `write_fields` is one call per field and no `?`, for the reason given at [`ReadFields`].
pub struct WriteFields<'m, S: SerializeMap> {
    map: &'m mut S,
    result: Result<(), S::Error>,
}

impl<'m, S: SerializeMap> WriteFields<'m, S> {
    /// Starts writing into `map`.
    pub fn new(map: &'m mut S) -> Self {
        WriteFields { map, result: Ok(()) }
    }

    /// Writes `key` and the field's value with `codec`, unless it is absent or an earlier field failed.
    pub fn field<T, C: Codec<T>>(&mut self, codec: C, key: &'static str, value: &Option<T>) {
        if self.result.is_ok() {
            self.result = codec.write(self.map, key, value);
        }
    }

    /// Ends with the structure's members the spec does not know, written as they arrived; gives the first
    /// error, if anything could not be written.
    pub fn rest(self, unknown: &UnknownFields) -> Result<(), S::Error> {
        self.result?;
        for (key, value) in unknown {
            self.map.serialize_entry(key, value)?;
        }
        Ok(())
    }
}

/// Implements `Serialize`, `Deserialize` and [`WireValue`](crate::wire::WireValue) for a generated struct
/// through its [`Record`] impl.
#[macro_export]
#[doc(hidden)]
macro_rules! record_serde {
    ($name:ident) => {
        impl $crate::wire::WireValue for $name {
            type Via = $crate::wire::RecordValue;
        }
        $crate::public_serde! {
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
        }
    };
}

/// Implements [`Record`] and the serde impls for a generated struct from its table of fields.
///
/// `record!(Backup { backup_id: "BackupId" => Native, items: "Items" => Wrapped("Backup") })` lists each field
/// once: its Rust name, its wire name and its codec (one of `runtime::wire`'s: `Native`, `Quoted`, `List`,
/// `Single`, `Wrapped(key)`). The struct itself, with its documented fields and `unknown_fields`, is declared
/// beside it; reading, writing and the members the spec does not know are handled here and in this module.
#[macro_export]
#[doc(hidden)]
macro_rules! record {
    ($name:ident { $($field:ident: $wire:literal => $codec:ident $(($key:literal))?),* $(,)? }) => {
        #[allow(deprecated)]
        impl $crate::wire::Record for $name {
            const NAME: &'static str = ::core::stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];
            fn read_field<'de, A: $crate::serde::de::MapAccess<'de>>(
                &mut self,
                key: $crate::wire::FieldKey,
                map: &mut A,
            ) -> ::core::result::Result<(), A::Error> {
                #[allow(unused_mut)] // a struct with no documented fields
                let mut fields = $crate::wire::ReadFields::new(key, map);
                $(fields.field($crate::wire::$codec $(($key))?, &mut self.$field);)*
                fields.rest(&mut self.unknown_fields)
            }
            fn write_fields<S: $crate::serde::ser::SerializeMap>(
                &self,
                map: &mut S,
            ) -> ::core::result::Result<(), S::Error> {
                #[allow(unused_mut)]
                let mut fields = $crate::wire::WriteFields::new(map);
                $(fields.field($crate::wire::$codec $(($key))?, $wire, &self.$field);)*
                fields.rest(&self.unknown_fields)
            }
        }
        $crate::record_serde!($name);
    };
}
