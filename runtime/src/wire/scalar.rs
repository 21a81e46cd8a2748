//! Numbers and booleans as the service sends them (native, or inside strings), and the enum readers.
//!
//! The same field arrives as `30` from one API and `"30"` from the next; [`WireScalar`] reads either and the
//! codecs write whichever form the spec declares. The enum readers accept a number where a string was
//! documented and a string holding an integer code, for the same reason.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

pub(crate) fn deserialize_scalar<'de, T: WireScalar, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_any(ScalarVisitor(PhantomData))
}

/// A [`WireScalar`] read from whatever form it arrived in (for `Option<Lenient<T>>`).
pub(crate) struct Lenient<T>(pub(crate) T);

impl<'de, T: WireScalar> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_scalar(deserializer).map(Lenient)
    }
}

/// Writes a [`WireScalar`] in its native JSON form.
pub(crate) struct AsNative<'a, T>(pub(crate) &'a T);

impl<T: WireScalar> Serialize for AsNative<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_native(serializer)
    }
}

/// Writes a [`WireScalar`] as a JSON string (`"30"`).
pub(crate) struct AsString<'a, T>(pub(crate) &'a T);

impl<T: WireScalar> Serialize for AsString<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// Reads a [`WireScalar`] as a map value or a sequence element, without a wrapper type per call site.
pub(crate) struct ScalarSeed<T>(pub(crate) PhantomData<T>);

impl<'de, T: WireScalar> DeserializeSeed<'de> for ScalarSeed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserialize_scalar(deserializer)
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
