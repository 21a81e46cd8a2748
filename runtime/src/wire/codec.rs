//! How one field of a response structure travels: one small value per wire form, named in the generated
//! [`Record`](super::Record) impls.
//!
//! Every response field is optional (the service leaves out fields its pages call always present, and `null`
//! means the same as absent), so every codec reads into an `Option` and writes nothing for `None`. A codec
//! reads a field's value however the service wrote it and writes it back in the form the spec declares, so a
//! stored response replays as it came. Doing this here, once, instead of in serde derives on every generated
//! struct is what keeps the generated crate cheap to compile: a field costs one line naming a codec.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::scalar::{
    raw_value_token, read_optional_scalar, read_optional_text, AsString, IsToken, RawText, WireScalar,
};

/// Reads one field's value from a map and writes it back as a map entry.
pub trait Codec<T> {
    /// Reads the value the map is positioned at (its key was just read) into `slot`.
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error>;
    /// Writes `key` and the value, or nothing when the value is absent.
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &Option<T>) -> Result<(), S::Error>;
}

/// A type a response field or list item can have, read leniently in its natural JSON form.
///
/// Implemented here for strings, numbers, booleans, times and free-form JSON, and for every generated
/// structure and enum by the macros that declare them. An impl only names its [`ValueCodec`] (`Via`): the code
/// that reads and writes is the codec's, written once here, so a generated type's impl has no body for
/// `cargo check` to check.
pub trait WireValue: Sized {
    /// How values of the type are read and written.
    type Via: ValueCodec<Self>;
    /// Whether the value keeps the exact text of a number sent in its place (`1.50` stays `"1.50"`), so that a
    /// list of such values read from a single number asks the deserializer for the raw text first.
    const KEEPS_TEXT: bool = false;

    /// Reads a value; `null` is `None`.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        Self::Via::read(deserializer)
    }
    /// Writes the value in its declared form.
    fn write<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Self::Via::write(self, serializer)
    }
}

/// How one kind of [`WireValue`] is read and written: text, numbers and booleans, serde's own form, lists,
/// string and integer enums, structures.
pub trait ValueCodec<T> {
    /// Reads a value; `null` is `None`.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error>;
    /// Writes the value in its declared form.
    fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
}

/// Text: a JSON string, or the exact text of a number or boolean sent in its place.
#[derive(Debug)]
pub enum TextValue {}

impl ValueCodec<String> for TextValue {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        read_optional_text(deserializer)
    }
    fn write<S: Serializer>(value: &String, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value)
    }
}

impl WireValue for String {
    type Via = TextValue;
    const KEEPS_TEXT: bool = true;
}

/// A number or boolean: read from either JSON form, written natively.
#[derive(Debug)]
pub enum ScalarValue {}

impl<T: WireScalar> ValueCodec<T> for ScalarValue {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        read_optional_scalar(deserializer)
    }
    fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize_native(serializer)
    }
}

macro_rules! native_scalar_value {
    ($($t:ty),*) => {$(
        impl WireValue for $t {
            type Via = ScalarValue;
        }
    )*};
}
native_scalar_value!(i32, i64, f32, f64, bool);

/// A type whose own serde already reads leniently (times, free-form JSON), with `null` as absent.
#[derive(Debug)]
pub enum SerdeValue {}

impl<T: Serialize + DeserializeOwned> ValueCodec<T> for SerdeValue {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        read_nullable(deserializer)
    }
    fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
}

impl WireValue for crate::time::Timestamp {
    type Via = SerdeValue;
}

impl WireValue for serde_json::Value {
    type Via = SerdeValue;
}

/// Reads a value through its own `Deserialize`, with `null` as `None`.
///
/// Unlike `Option<T>`'s own impl, this also works on deserializers that cannot tell `null` apart and hand the
/// value straight to the visitor (a map already being read, as when one object stands for a list).
pub fn read_nullable<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_option(Nullable(PhantomData))
}

struct Nullable<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for Nullable<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize(deserializer).map(Some)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<T>, A::Error> {
        T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        T::deserialize(de::value::StrDeserializer::new(v)).map(Some)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
        T::deserialize(de::value::I64Deserializer::new(v)).map(Some)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        T::deserialize(de::value::U64Deserializer::new(v)).map(Some)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
        T::deserialize(de::value::F64Deserializer::new(v)).map(Some)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<T>, E> {
        T::deserialize(de::value::BoolDeserializer::new(v)).map(Some)
    }
}

/// Writes a [`WireValue`] through `Serialize`.
struct Written<'a, T>(&'a T);

impl<T: WireValue> Serialize for Written<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer)
    }
}

/// Reads a [`WireValue`] as a map value or a sequence element.
struct ValueSeed<T>(PhantomData<T>);

impl<'de, T: WireValue> DeserializeSeed<'de> for ValueSeed<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::read(deserializer)
    }
}

/// A value in its natural JSON form: strings (which also take the exact text of a number sent in their
/// place), numbers and booleans (which also take a string holding one), enums, structures, times, free-form
/// JSON.
#[derive(Debug, Clone, Copy)]
pub struct Native;

impl<T: WireValue> Codec<T> for Native {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error> {
        *slot = map.next_value_seed(ValueSeed(PhantomData))?;
        Ok(())
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &Option<T>) -> Result<(), S::Error> {
        match value {
            Some(value) => map.serialize_entry(key, &Written(value)),
            None => Ok(()),
        }
    }
}

/// A number or boolean the service writes as a string (`"30"`); also read from a number, written back quoted.
#[derive(Debug, Clone, Copy)]
pub struct Quoted;

impl<T: WireScalar> Codec<T> for Quoted {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error> {
        *slot = map.next_value_seed(QuotedSeed(PhantomData))?;
        Ok(())
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &Option<T>) -> Result<(), S::Error> {
        match value {
            Some(value) => map.serialize_entry(key, &AsString(value)),
            None => Ok(()),
        }
    }
}

struct QuotedSeed<T>(PhantomData<T>);

impl<'de, T: WireScalar> DeserializeSeed<'de> for QuotedSeed<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        read_optional_scalar(deserializer)
    }
}

/// A structure the service sometimes sends inside a list (PolarDB-X `CreateBackup`'s `Data`): reads the
/// value, or a list holding at most one (an empty list is absent; more than one is an error, since keeping one
/// would drop the rest); writes the value alone.
#[derive(Debug, Clone, Copy)]
pub struct Single;

impl<T: WireValue> Codec<T> for Single {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error> {
        *slot = map.next_value_seed(SingleSeed(PhantomData))?;
        Ok(())
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &Option<T>) -> Result<(), S::Error> {
        Native.write(map, key, value)
    }
}

struct SingleSeed<T>(PhantomData<T>);

impl<'de, T: WireValue> DeserializeSeed<'de> for SingleSeed<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        let items = deserializer.deserialize_any(ListOrOne::<T>(PhantomData))?;
        match items {
            None => Ok(None),
            Some(mut items) if items.len() <= 1 => Ok(items.pop()),
            Some(items) => Err(de::Error::custom(format!(
                "expected one object or a list holding one, found a list of {}",
                items.len()
            ))),
        }
    }
}

/// A plain JSON array. `null` is absent; a single value stands for a list of one (the service's JSON is often
/// converted from XML, where a list of one element looks like the element). Written back as an array.
#[derive(Debug, Clone, Copy)]
pub struct List;

impl<T: WireValue> Codec<Vec<T>> for List {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut Option<Vec<T>>) -> Result<(), A::Error> {
        *slot = map.next_value_seed(ListSeed(PhantomData))?;
        Ok(())
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &Option<Vec<T>>) -> Result<(), S::Error> {
        match value {
            Some(items) => map.serialize_entry(key, &Items(items)),
            None => Ok(()),
        }
    }
}

struct ListSeed<T>(PhantomData<T>);

impl<'de, T: WireValue> DeserializeSeed<'de> for ListSeed<T> {
    type Value = Option<Vec<T>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<Vec<T>>, D::Error> {
        if T::KEEPS_TEXT {
            // A single number standing for a list of one text value would reach `visit_f64` already parsed
            // (`1.50` as 1.5); serde_json hands the raw text to a request for its raw-value newtype instead.
            deserializer.deserialize_newtype_struct(raw_value_token(), ListOrOne(PhantomData))
        } else {
            deserializer.deserialize_any(ListOrOne(PhantomData))
        }
    }
}

/// A list as a value of its own (a request parameter's list, a list of lists): read as the [`List`] codec reads
/// a field, written as an array.
impl<T: WireValue> WireValue for Vec<T> {
    type Via = ListValue;
}

/// A list: read as the [`List`] codec reads a field, written as an array.
#[derive(Debug)]
pub enum ListValue {}

impl<T: WireValue> ValueCodec<Vec<T>> for ListValue {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<T>>, D::Error> {
        ListSeed(PhantomData).deserialize(deserializer)
    }
    fn write<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        Items(value).serialize(serializer)
    }
}

/// Writes items as a JSON array.
struct Items<'a, T>(&'a [T]);

impl<T: WireValue> Serialize for Items<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Written))
    }
}

/// A list inside an XML-style one-key wrapper object (`{"Items": {"Backup": [..]}}`), holding that key;
/// users see the plain `Vec`.
///
/// Reading also accepts a bare array, one item, an empty wrapper (`{}`: no items) and `null` (absent), because
/// the same field is a plain array in some of the service's responses. Writing puts the wrapper back.
#[derive(Debug, Clone, Copy)]
pub struct Wrapped(pub &'static str);

impl<T: WireValue> Codec<Vec<T>> for Wrapped {
    fn read<'de, A: MapAccess<'de>>(&self, map: &mut A, slot: &mut Option<Vec<T>>) -> Result<(), A::Error> {
        *slot = map.next_value_seed(WrappedSeed { key: self.0, items: PhantomData })?;
        Ok(())
    }
    fn write<S: SerializeMap>(&self, map: &mut S, key: &'static str, value: &Option<Vec<T>>) -> Result<(), S::Error> {
        match value {
            Some(items) => map.serialize_entry(key, &Wrapper { key: self.0, items }),
            None => Ok(()),
        }
    }
}

struct Wrapper<'a, T> {
    key: &'static str,
    items: &'a [T],
}

impl<T: WireValue> Serialize for Wrapper<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.key, &Items(self.items))?;
        map.end()
    }
}

struct WrappedSeed<T> {
    key: &'static str,
    items: PhantomData<T>,
}

impl<'de, T: WireValue> DeserializeSeed<'de> for WrappedSeed<T> {
    type Value = Option<Vec<T>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<Vec<T>>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: WireValue> Visitor<'de> for WrappedSeed<T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object {{\"{}\": [...]}} or a list", self.key)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Vec<T>>, A::Error> {
        let mut items = None;
        while let Some(is_key) = map.next_key_seed(IsKey(self.key))? {
            if is_key && items.is_none() {
                items = map.next_value_seed(ListSeed(PhantomData))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Some(items.unwrap_or_default()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<Vec<T>>, A::Error> {
        collect_seq(seq).map(Some)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<Vec<T>>, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<Vec<T>>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<Vec<T>>, D::Error> {
        deserializer.deserialize_any(self)
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

/// The items of an array; `null` items carry nothing and are skipped.
fn collect_seq<'de, T: WireValue, A: SeqAccess<'de>>(mut seq: A) -> Result<Vec<T>, A::Error> {
    let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
    while let Some(item) = seq.next_element_seed(ValueSeed(PhantomData))? {
        items.extend(item);
    }
    Ok(items)
}

/// A list, a single value standing for a list of one, or `null` for none.
struct ListOrOne<T>(PhantomData<T>);

impl<T> ListOrOne<T> {
    fn one<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
    where
        T: WireValue,
    {
        Ok(Some(T::read(deserializer)?.into_iter().collect()))
    }

    /// Reads a list (or one value standing for a list of one) from its raw JSON text, so that each item's
    /// reader sees serde_json's raw values again.
    fn from_raw<E: de::Error>(raw: &str) -> Result<Option<Vec<T>>, E>
    where
        T: WireValue,
    {
        let mut de = serde_json::Deserializer::from_str(raw);
        let trimmed = raw.trim_start();
        let read = if trimmed.starts_with('[') {
            de.deserialize_seq(ListOrOne(PhantomData))
        } else if trimmed.starts_with("null") {
            Ok(None)
        } else {
            Self::one(&mut de)
        };
        read.map_err(E::custom)
    }
}

impl<'de, T: WireValue> Visitor<'de> for ListOrOne<T> {
    type Value = Option<Vec<T>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list or a single value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<Vec<T>>, A::Error> {
        collect_seq(seq).map(Some)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Vec<T>>, A::Error> {
        if T::KEEPS_TEXT {
            // Asked for the raw text (see `ListSeed`): serde_json answers with one entry under its token. A text
            // value is never an object, so any other map is refused as the item's own reading would refuse it.
            if map.next_key_seed(IsToken)? != Some(true) {
                return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
            }
            let raw = map.next_value_seed(RawText)?;
            return Self::from_raw(&raw);
        }
        Self::one(de::value::MapAccessDeserializer::new(map))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<Vec<T>>, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Vec<T>>, E> {
        Self::one(de::value::StrDeserializer::new(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<Vec<T>>, E> {
        Self::one(de::value::I64Deserializer::new(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<Vec<T>>, E> {
        Self::one(de::value::U64Deserializer::new(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<Vec<T>>, E> {
        Self::one(de::value::F64Deserializer::new(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<Vec<T>>, E> {
        Self::one(de::value::BoolDeserializer::new(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<Vec<T>>, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<Vec<T>>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<Vec<T>>, D::Error> {
        deserializer.deserialize_any(self)
    }
}
