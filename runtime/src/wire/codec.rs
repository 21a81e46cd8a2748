//! How one field of a response structure travels: one small value per wire form, named in the generated
//! [`Record`](super::Record) impls.
//!
//! A codec reads a field's value from the map the service sent and writes it back in the form the spec
//! declares, so a stored response replays byte-for-byte. Doing this here, once, instead of in serde derives on
//! every generated struct is what keeps the generated crate cheap to compile: a field costs one line calling a
//! codec, not a set of visitor arms and wrapper types.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::scalar::{AsNative, AsString, Lenient, ScalarSeed, WireScalar};

/// Reads one field's value from a map and writes it back as a map entry.
pub trait Codec<T> {
    /// Reads the value the map is positioned at (its key was just read) into `slot`.
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut T) -> Result<(), A::Error>;
    /// Writes `key` and the value, or nothing when the value is absent.
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &T) -> Result<(), S::Error>;
}

/// A required value in its natural JSON form (strings, enums, nested structures, times, objects).
#[derive(Debug, Clone, Copy)]
pub struct Plain;

impl<T: Serialize + DeserializeOwned> Codec<T> for Plain {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut T) -> Result<(), A::Error> {
        *slot = map.next_value()?;
        Ok(())
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &T) -> Result<(), S::Error> {
        map.serialize_entry(key, value)
    }
}

/// An optional value in its natural JSON form: `null` reads as absent, and an absent value is not written.
#[derive(Debug, Clone, Copy)]
pub struct Optional;

impl<T: Serialize + DeserializeOwned> Codec<Option<T>> for Optional {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error> {
        *slot = map.next_value()?;
        Ok(())
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &Option<T>) -> Result<(), S::Error> {
        match value {
            Some(value) => map.serialize_entry(key, value),
            None => Ok(()),
        }
    }
}

/// A required number or boolean the service writes natively (`30`); also read from a string (`"30"`).
#[derive(Debug, Clone, Copy)]
pub struct Number;

impl<T: WireScalar> Codec<T> for Number {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut T) -> Result<(), A::Error> {
        read_scalar(map, slot)
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &T) -> Result<(), S::Error> {
        map.serialize_entry(key, &AsNative(value))
    }
}

/// How [`Number`] and [`Quoted`] read: the same lenient scalar either way (they differ only in how they write).
fn read_scalar<'de, A: MapAccess<'de>, T: WireScalar>(map: &mut A, slot: &mut T) -> Result<(), A::Error> {
    *slot = map.next_value_seed(ScalarSeed(PhantomData))?;
    Ok(())
}

/// How [`OptionalNumber`] and [`OptionalQuoted`] read: `null` is absent, anything else a lenient scalar.
fn read_optional_scalar<'de, A: MapAccess<'de>, T: WireScalar>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = map.next_value::<Option<Lenient<T>>>()?.map(|v| v.0);
    Ok(())
}

/// A required number or boolean the service writes as a string (`"30"`); also read from a number.
#[derive(Debug, Clone, Copy)]
pub struct Quoted;

impl<T: WireScalar> Codec<T> for Quoted {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut T) -> Result<(), A::Error> {
        read_scalar(map, slot)
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &T) -> Result<(), S::Error> {
        map.serialize_entry(key, &AsString(value))
    }
}

/// [`Number`] for an optional field: `null` reads as absent, and an absent value is not written.
#[derive(Debug, Clone, Copy)]
pub struct OptionalNumber;

impl<T: WireScalar> Codec<Option<T>> for OptionalNumber {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error> {
        read_optional_scalar(map, slot)
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &Option<T>) -> Result<(), S::Error> {
        match value {
            Some(value) => map.serialize_entry(key, &AsNative(value)),
            None => Ok(()),
        }
    }
}

/// [`Quoted`] for an optional field: `null` reads as absent, and an absent value is not written.
#[derive(Debug, Clone, Copy)]
pub struct OptionalQuoted;

impl<T: WireScalar> Codec<Option<T>> for OptionalQuoted {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error> {
        read_optional_scalar(map, slot)
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &Option<T>) -> Result<(), S::Error> {
        match value {
            Some(value) => map.serialize_entry(key, &AsString(value)),
            None => Ok(()),
        }
    }
}

/// A plain JSON array; `null` reads as empty (an absent list is empty too: the record starts it empty).
#[derive(Debug, Clone, Copy)]
pub struct List;

impl<T: Serialize + DeserializeOwned> Codec<Vec<T>> for List {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut Vec<T>) -> Result<(), A::Error> {
        *slot = map.next_value::<Option<Vec<T>>>()?.unwrap_or_default();
        Ok(())
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &Vec<T>) -> Result<(), S::Error> {
        map.serialize_entry(key, value)
    }
}

/// A list where the service sometimes sends a single object (PolarDB-X `CreateBackup`'s `Data`): reads an
/// array, one object, or `null`; writes an array.
#[derive(Debug, Clone, Copy)]
pub struct OneOrMany;

impl<T: Serialize + DeserializeOwned> Codec<Vec<T>> for OneOrMany {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut Vec<T>) -> Result<(), A::Error> {
        *slot = map.next_value::<ListOrOne<T>>()?.0;
        Ok(())
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &Vec<T>) -> Result<(), S::Error> {
        map.serialize_entry(key, value)
    }
}

/// A list inside an XML-style one-key wrapper object (`{"Items": {"Backup": [..]}}`), holding that key;
/// users see the plain `Vec`.
///
/// Reading also accepts a bare array, one object, and `null` (an empty list), because the same field is a
/// plain array in some of the service's responses. Writing puts the wrapper back.
#[derive(Debug, Clone, Copy)]
pub struct Wrapped(pub &'static str);

impl<T: Serialize + DeserializeOwned> Codec<Vec<T>> for Wrapped {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut Vec<T>) -> Result<(), A::Error> {
        *slot = map.next_value_seed(WrappedSeed { key: self.0, items: PhantomData })?;
        Ok(())
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &Vec<T>) -> Result<(), S::Error> {
        map.serialize_entry(key, &Wrapper { key: self.0, items: value })
    }
}

struct Wrapper<'a, T> {
    key: &'static str,
    items: &'a [T],
}

impl<T: Serialize> Serialize for Wrapper<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.key, self.items)?;
        map.end()
    }
}

struct WrappedSeed<T> {
    key: &'static str,
    items: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for WrappedSeed<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for WrappedSeed<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object {{\"{}\": [...]}} or a list", self.key)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let mut items = None;
        while let Some(is_key) = map.next_key_seed(IsKey(self.key))? {
            if is_key && items.is_none() {
                items = Some(map.next_value::<ListOrOne<T>>()?.0);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(items.unwrap_or_default())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Vec<T>, A::Error> {
        collect_seq(seq)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
}

/// Whether a map key is the wrapper's key, decided on the borrowed text (no allocation per key).
struct IsKey(&'static str);

impl<'de> DeserializeSeed<'de> for IsKey {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for IsKey {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == self.0)
    }
}

fn collect_seq<'de, T: DeserializeOwned, A: SeqAccess<'de>>(mut seq: A) -> Result<Vec<T>, A::Error> {
    let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
    while let Some(item) = seq.next_element()? {
        items.push(item);
    }
    Ok(items)
}

/// A list, a single value standing for a list of one, or `null` for none.
///
/// The single value may be an object or a scalar: the service's JSON is converted from XML, where a list of
/// one element is indistinguishable from that element.
struct ListOrOne<T>(Vec<T>);

impl<'de, T: DeserializeOwned> Deserialize<'de> for ListOrOne<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for V<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list or a single object")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Vec<T>, A::Error> {
                collect_seq(seq)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|one| vec![one])
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
                T::deserialize(v.into_deserializer()).map(|one| vec![one])
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<T>, E> {
                T::deserialize(v.into_deserializer()).map(|one| vec![one])
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<T>, E> {
                T::deserialize(v.into_deserializer()).map(|one| vec![one])
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<T>, E> {
                T::deserialize(v.into_deserializer()).map(|one| vec![one])
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<T>, E> {
                T::deserialize(v.into_deserializer()).map(|one| vec![one])
            }
            fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }
            fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }
        }
        deserializer.deserialize_any(V(PhantomData)).map(ListOrOne)
    }
}
