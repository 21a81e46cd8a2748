//! How values travel on the wire, in both directions.
//!
//! The service is inconsistent in ways the generated types must survive: numbers arrive as strings in one API
//! and as numbers in the next, lists arrive inside XML-style wrapper objects (`{"Items": {"Backup": [..]}}`),
//! and a field documented as a list sometimes holds one object. These helpers are used from generated code
//! through `#[serde(with = "...")]` so that each generated file stays declarative: decoding is lenient, and
//! encoding reproduces the form the spec says the service uses, so a stored response replays byte-for-byte.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// A scalar as it arrived: the service may send any of these where a number or boolean is declared.
#[derive(Debug)]
pub enum Scalar<'a> {
    /// A negative or small JSON integer.
    Int(i64),
    /// A JSON integer above `i64::MAX`.
    UInt(u64),
    /// A JSON number with a fraction or exponent.
    Float(f64),
    /// A JSON boolean.
    Bool(bool),
    /// A JSON string.
    Text(std::borrow::Cow<'a, str>),
}

/// A number or boolean that can be read from any [`Scalar`] and written as a JSON number or a string.
pub trait WireScalar: Sized + fmt::Display {
    /// What the value is, for error messages ("an integer").
    const EXPECTING: &'static str;
    /// Converts what arrived, or says why it cannot.
    fn from_scalar(scalar: Scalar<'_>) -> Result<Self, String>;
    /// Writes the value in its native JSON form.
    fn serialize_native<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

macro_rules! integer_scalar {
    ($($t:ty),*) => {$(
        impl WireScalar for $t {
            const EXPECTING: &'static str = "an integer (as a number or a string)";
            fn from_scalar(scalar: Scalar<'_>) -> Result<Self, String> {
                let out_of_range = |v: &dyn fmt::Display| format!("{v} is out of range for {}", stringify!($t));
                match scalar {
                    Scalar::Int(v) => <$t>::try_from(v).map_err(|_| out_of_range(&v)),
                    Scalar::UInt(v) => <$t>::try_from(v).map_err(|_| out_of_range(&v)),
                    Scalar::Float(v) if v.fract() == 0.0 && v >= <$t>::MIN as f64 && v <= <$t>::MAX as f64 => Ok(v as $t),
                    Scalar::Float(v) => Err(format!("{v} is not an integer")),
                    Scalar::Bool(v) => Err(format!("the boolean {v} is not an integer")),
                    Scalar::Text(s) => s.trim().parse::<$t>().map_err(|_| format!("the string {s:?} is not an integer")),
                }
            }
            fn serialize_native<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.serialize(serializer)
            }
        }
    )*};
}
integer_scalar!(i32, i64, u64);

impl WireScalar for f64 {
    const EXPECTING: &'static str = "a number (as a number or a string)";
    fn from_scalar(scalar: Scalar<'_>) -> Result<Self, String> {
        match scalar {
            Scalar::Int(v) => Ok(v as f64),
            Scalar::UInt(v) => Ok(v as f64),
            Scalar::Float(v) => Ok(v),
            Scalar::Bool(v) => Err(format!("the boolean {v} is not a number")),
            Scalar::Text(s) => s.trim().parse().map_err(|_| format!("the string {s:?} is not a number")),
        }
    }
    fn serialize_native<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(*self)
    }
}

impl WireScalar for bool {
    const EXPECTING: &'static str = "a boolean (true/false, as a boolean or a string)";
    fn from_scalar(scalar: Scalar<'_>) -> Result<Self, String> {
        match scalar {
            Scalar::Bool(v) => Ok(v),
            Scalar::Text(s) if s.eq_ignore_ascii_case("true") => Ok(true),
            Scalar::Text(s) if s.eq_ignore_ascii_case("false") => Ok(false),
            Scalar::Text(s) => Err(format!("the string {s:?} is not a boolean")),
            Scalar::Int(v) => Err(format!("the number {v} is not a boolean")),
            Scalar::UInt(v) => Err(format!("the number {v} is not a boolean")),
            Scalar::Float(v) => Err(format!("the number {v} is not a boolean")),
        }
    }
    fn serialize_native<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(*self)
    }
}

struct ScalarVisitor<T>(PhantomData<T>);

impl<'de, T: WireScalar> Visitor<'de> for ScalarVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::from_scalar(Scalar::Int(v)).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::from_scalar(Scalar::UInt(v)).map_err(E::custom)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        T::from_scalar(Scalar::Float(v)).map_err(E::custom)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        T::from_scalar(Scalar::Bool(v)).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_scalar(Scalar::Text(v.into())).map_err(E::custom)
    }
}

fn deserialize_scalar<'de, T: WireScalar, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_any(ScalarVisitor(PhantomData))
}

/// A scalar written as a JSON number (or boolean); read from a number or a string.
pub mod number {
    use super::*;

    /// Writes the value in its native JSON form.
    pub fn serialize<T: WireScalar, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize_native(serializer)
    }

    /// Reads a number or a string holding one.
    pub fn deserialize<'de, T: WireScalar, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        deserialize_scalar(deserializer)
    }
}

/// A scalar the service writes as a JSON string (`"30"`); read from a number or a string.
pub mod string {
    use super::*;

    /// Writes the value as a string.
    pub fn serialize<T: WireScalar, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    /// Reads a number or a string holding one.
    pub fn deserialize<'de, T: WireScalar, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        deserialize_scalar(deserializer)
    }
}

/// [`number`] for an optional field (`null` reads as absent).
pub mod option_number {
    use super::*;

    /// Writes the value in its native JSON form, or `null`.
    pub fn serialize<T: WireScalar, S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => v.serialize_native(serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null`, a number, or a string holding one.
    pub fn deserialize<'de, T: WireScalar, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Option::<Lenient<T>>::deserialize(deserializer).map(|v| v.map(|l| l.0))
    }
}

/// [`string`] for an optional field (`null` reads as absent).
pub mod option_string {
    use super::*;

    /// Writes the value as a string, or `null`.
    pub fn serialize<T: WireScalar, S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.collect_str(v),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null`, a number, or a string holding one.
    pub fn deserialize<'de, T: WireScalar, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Option::<Lenient<T>>::deserialize(deserializer).map(|v| v.map(|l| l.0))
    }
}

struct Lenient<T>(T);

impl<'de, T: WireScalar> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_scalar(deserializer).map(Lenient)
    }
}

/// The key inside an XML-style list wrapper (`Backup` in `{"Items": {"Backup": [..]}}`).
///
/// Generated code declares one private marker type per key and names it in
/// `#[serde(with = "runtime::wire::Wrapped::<Marker>")]`.
pub trait WrapperKey {
    /// The wrapper's inner key, as on the wire.
    const KEY: &'static str;
}

/// A list the service sends inside a one-key wrapper object; users see the plain `Vec`.
///
/// Reading also accepts a bare array and `null` (an empty list), because the same field is a plain array in
/// some of the service's responses.
pub struct Wrapped<K>(PhantomData<K>);

impl<K: WrapperKey> Wrapped<K> {
    /// Writes `{KEY: [..]}`.
    pub fn serialize<T: Serialize, S: Serializer>(items: &[T], serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(K::KEY, items)?;
        map.end()
    }

    /// Reads `{KEY: [..]}`, a bare array, or `null`.
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_any(WrappedVisitor::<K, T>(PhantomData))
    }
}

struct WrappedVisitor<K, T>(PhantomData<(K, T)>);

impl<'de, K: WrapperKey, T: DeserializeOwned> Visitor<'de> for WrappedVisitor<K, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object {{\"{}\": [...]}} or a list", K::KEY)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let mut items = None;
        while let Some(key) = map.next_key::<IsKey<K>>()? {
            if key.0 && items.is_none() {
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
struct IsKey<K>(bool, PhantomData<K>);

impl<'de, K: WrapperKey> Deserialize<'de> for IsKey<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<K>(PhantomData<K>);
        impl<K: WrapperKey> Visitor<'_> for V<K> {
            type Value = IsKey<K>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IsKey<K>, E> {
                Ok(IsKey(v == K::KEY, PhantomData))
            }
        }
        deserializer.deserialize_identifier(V(PhantomData))
    }
}

fn collect_seq<'de, T: DeserializeOwned, A: SeqAccess<'de>>(mut seq: A) -> Result<Vec<T>, A::Error> {
    let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
    while let Some(item) = seq.next_element()? {
        items.push(item);
    }
    Ok(items)
}

/// A list declared by the spec where the service sometimes sends a single object (PolarDB-X `CreateBackup`'s
/// `Data`). Reads an array, one object, or `null`; writes an array.
pub mod one_or_many {
    use super::*;

    /// Writes the list as an array.
    pub fn serialize<T: Serialize, S: Serializer>(items: &[T], serializer: S) -> Result<S::Ok, S::Error> {
        items.serialize(serializer)
    }

    /// Reads an array, a single object, or `null`.
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        ListOrOne::<T>::deserialize(deserializer).map(|l| l.0)
    }
}

/// A list, a single value standing for a list of one, or `null` for none.
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

/// A plain list that the service may leave out or send as `null`: both read as empty.
pub mod list {
    use super::*;

    /// Writes the list as an array.
    pub fn serialize<T: Serialize, S: Serializer>(items: &[T], serializer: S) -> Result<S::Ok, S::Error> {
        items.serialize(serializer)
    }

    /// Reads an array or `null`.
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        Option::<Vec<T>>::deserialize(deserializer).map(Option::unwrap_or_default)
    }
}

/// Reads a string-coded enum: a string, or a number the service sent where a string was documented.
///
/// Known values are matched on the borrowed text, so decoding allocates only for values the spec does not know.
pub fn deserialize_string_enum<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: for<'a> From<&'a str>,
    D: Deserializer<'de>,
{
    struct V<T>(PhantomData<T>);
    impl<T: for<'a> From<&'a str>> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok(T::from(v.to_string().as_str()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok(T::from(v.to_string().as_str()))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
            Ok(T::from(if v { "true" } else { "false" }))
        }
    }
    deserializer.deserialize_any(V(PhantomData))
}

/// Reads an integer-coded enum: a number, or a string holding one.
pub fn deserialize_integer_enum<'de, T: From<i64>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserialize_scalar::<i64, D>(deserializer).map(T::from)
}

/// The error of parsing an enum from text that is not one of its values' wire forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    /// The enum's name.
    pub type_name: &'static str,
    /// The text that did not parse.
    pub text: String,
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a valid {} (expected an integer code)", self.text, self.type_name)
    }
}

impl std::error::Error for ParseEnumError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Row {
        #[serde(with = "string")]
        page: i32,
        #[serde(with = "number")]
        size: i64,
        #[serde(with = "option_string", default, skip_serializing_if = "Option::is_none")]
        avail: Option<i32>,
        #[serde(with = "option_number", default, skip_serializing_if = "Option::is_none")]
        ok: Option<bool>,
    }

    #[test]
    fn numbers_are_read_either_way_and_written_as_declared() {
        let wire = json!({"page": "3", "size": "2048", "avail": 1, "ok": "true"});
        let row: Row = serde_json::from_value(wire).unwrap();
        assert_eq!(row, Row { page: 3, size: 2048, avail: Some(1), ok: Some(true) });
        assert_eq!(serde_json::to_value(&row).unwrap(), json!({"page": "3", "size": 2048, "avail": "1", "ok": true}));
        let absent: Row = serde_json::from_value(json!({"page": 1, "size": 2, "avail": null})).unwrap();
        assert_eq!(absent.avail, None);
    }

    #[test]
    fn bad_numbers_say_what_arrived() {
        let err = serde_json::from_value::<Row>(json!({"page": "three", "size": 1})).unwrap_err();
        assert!(err.to_string().contains("the string \"three\" is not an integer"), "{err}");
        let err = serde_json::from_value::<Row>(json!({"page": 1, "size": 1.5})).unwrap_err();
        assert!(err.to_string().contains("1.5 is not an integer"), "{err}");
        let err = serde_json::from_value::<Row>(json!({"page": 4294967296u64, "size": 1})).unwrap_err();
        assert!(err.to_string().contains("out of range for i32"), "{err}");
    }

    struct BackupKey;
    impl WrapperKey for BackupKey {
        const KEY: &'static str = "Backup";
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Page {
        #[serde(rename = "Items", with = "Wrapped::<BackupKey>", default)]
        items: Vec<u32>,
        #[serde(rename = "Data", with = "one_or_many", default)]
        data: Vec<Row>,
    }

    #[test]
    fn wrapped_lists_unwrap_and_wrap_again() {
        let wire = json!({"Items": {"Backup": [1, 2]}, "Data": [{"page": 1, "size": 2}]});
        let page: Page = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(page.items, vec![1, 2]);
        assert_eq!(
            serde_json::to_value(&page).unwrap(),
            json!({"Items": {"Backup": [1, 2]}, "Data": [{"page": "1", "size": 2}]})
        );
        for other in [json!([3]), json!(null), json!({}), json!({"Other": 1, "Backup": [3]})] {
            let page: Page = serde_json::from_value(json!({"Items": other, "Data": null})).unwrap();
            assert!(page.items.is_empty() || page.items == vec![3]);
        }
        let missing: Page = serde_json::from_value(json!({})).unwrap();
        assert!(missing.items.is_empty() && missing.data.is_empty());
    }

    #[test]
    fn one_object_reads_as_a_list_of_one() {
        let page: Page = serde_json::from_value(json!({"Items": [], "Data": {"page": "7", "size": 1}})).unwrap();
        assert_eq!(page.data, vec![Row { page: 7, size: 1, avail: None, ok: None }]);
    }

    #[test]
    fn params_keep_order_and_look_up_by_name() {
        let mut params = Params::new();
        params.push("B", "2");
        params.push("A", String::from("1"));
        assert_eq!(params.as_slice(), &[("B", "2".to_owned()), ("A", "1".to_owned())]);
        assert_eq!(params.get("A"), Some("1"));
        assert_eq!(params.get("C"), None);
        assert_eq!(params.len(), 2);
        assert!(!params.is_empty());
    }
}
