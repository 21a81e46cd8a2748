//! Scalars exactly as the service sends them, and the conversions every field type makes from them.
//!
//! The same field arrives as `30` from one API and `"30"` from the next, a string field sometimes holds a bare
//! number, a boolean may be `"true"`, and an integer code may be quoted. Every scalar is therefore read as a
//! [`Scalar`] that keeps the exact text of a number (through serde_json's raw values, so `1.50` stays `1.50` and
//! `9223372036854775808` is not rounded), and each field type converts from it with one rule: strings take any
//! scalar's text, numbers take a number or a string holding one and refuse anything out of range, booleans take
//! `true`/`false` in either form.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use crate::wire::{ParamValue, ValueCodec, WireValue};
use serde::de::{self, DeserializeSeed, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One JSON scalar as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar<'a> {
    /// A JSON string, unescaped.
    Text(Cow<'a, str>),
    /// A JSON number, as its exact decimal text (`1.50`, `-3`, `1e3`).
    Number(Cow<'a, str>),
    /// A JSON boolean.
    Bool(bool),
    /// `null`.
    Null,
}

impl Scalar<'_> {
    /// The scalar's text: a string's contents, a number's digits, `true`/`false`, `null`.
    pub fn text(&self) -> &str {
        match self {
            Scalar::Text(t) | Scalar::Number(t) => t,
            Scalar::Bool(true) => "true",
            Scalar::Bool(false) => "false",
            Scalar::Null => "null",
        }
    }

    /// What arrived, for error messages: `the string "x"`, `the number 1.5`.
    pub fn describe(&self) -> String {
        const LIMIT: usize = 40;
        let text = self.text();
        let shown = match text.char_indices().nth(LIMIT) {
            Some((end, _)) => format!("{}...", &text[..end]),
            None => text.to_owned(),
        };
        match self {
            Scalar::Text(_) => format!("the string {shown:?}"),
            Scalar::Number(_) => format!("the number {shown}"),
            Scalar::Bool(_) => format!("the boolean {shown}"),
            Scalar::Null => "null".to_owned(),
        }
    }
}

/// Reads one scalar, keeping a number's exact text when the deserializer is serde_json's.
///
/// serde_json hands out the raw text of a value to a visitor that asks for its private raw-value newtype; the
/// name of that newtype is found once by asking `Box<RawValue>` for it (see `raw_value_token`), so nothing here
/// depends on serde_json's private names. Other deserializers see an ordinary newtype request and answer with
/// the value itself.
pub fn read_scalar<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Scalar<'de>, D::Error> {
    deserializer.deserialize_newtype_struct(raw_value_token(), ScalarVisitor)
}

/// The newtype name serde_json's deserializers answer with a value's raw text.
pub(crate) fn raw_value_token() -> &'static str {
    static TOKEN: OnceLock<&'static str> = OnceLock::new();
    TOKEN.get_or_init(|| {
        let mut probe = TokenProbe(None);
        // The probe refuses every request; all that matters is the name it was asked for.
        let _ = Box::<serde_json::value::RawValue>::deserialize(&mut probe);
        probe.0.unwrap_or("")
    })
}

/// A deserializer that records the name of the newtype it is asked for and answers nothing.
struct TokenProbe(Option<&'static str>);

impl<'de> Deserializer<'de> for &mut TokenProbe {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("probe"))
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, _: V) -> Result<V::Value, Self::Error> {
        self.0 = Some(name);
        Err(de::Error::custom("probe"))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number or a boolean")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Scalar<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
        // serde_json's raw value: one entry whose key is the token and whose value is the raw JSON text. Any other
        // map is a JSON object where a scalar belongs.
        if map.next_key_seed(IsToken)? != Some(true) {
            return Err(de::Error::invalid_type(Unexpected::Map, &self));
        }
        let raw = map.next_value_seed(RawText)?;
        classify(raw)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Scalar<'de>, A::Error> {
        Err(de::Error::invalid_type(Unexpected::Seq, &self))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Owned(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(Cow::Owned(v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar<'de>, E> {
        match serde_json::Number::from_f64(v) {
            Some(n) => Ok(Scalar::Number(Cow::Owned(n.to_string()))),
            None => Err(E::custom(format!("the number {v} is not finite"))),
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Scalar<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Sorts raw JSON text into a scalar; objects and arrays are refused.
fn classify<E: de::Error>(raw: Cow<'_, str>) -> Result<Scalar<'_>, E> {
    let expecting = "a string, a number or a boolean";
    let trimmed = raw.trim();
    match trimmed.as_bytes().first() {
        Some(b'"') if !trimmed.contains('\\') && trimmed.len() >= 2 => Ok(Scalar::Text(match raw {
            Cow::Borrowed(raw) => Cow::Borrowed(&raw.trim()[1..raw.trim().len() - 1]),
            Cow::Owned(ref raw) => Cow::Owned(raw.trim()[1..raw.trim().len() - 1].to_owned()),
        })),
        Some(b'"') => serde_json::from_str::<String>(trimmed).map(|s| Scalar::Text(Cow::Owned(s))).map_err(E::custom),
        Some(b't') if trimmed == "true" => Ok(Scalar::Bool(true)),
        Some(b'f') if trimmed == "false" => Ok(Scalar::Bool(false)),
        Some(b'n') if trimmed == "null" => Ok(Scalar::Null),
        Some(b'-' | b'0'..=b'9') => Ok(Scalar::Number(match raw {
            Cow::Borrowed(raw) => Cow::Borrowed(raw.trim()),
            Cow::Owned(ref raw) => Cow::Owned(raw.trim().to_owned()),
        })),
        Some(b'{') => Err(E::invalid_type(Unexpected::Map, &expecting)),
        Some(b'[') => Err(E::invalid_type(Unexpected::Seq, &expecting)),
        _ => Err(E::custom(format!("unexpected JSON text {trimmed:?}"))),
    }
}

/// Whether a raw-value map's key is serde_json's token.
pub(crate) struct IsToken;

impl<'de> DeserializeSeed<'de> for IsToken {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for IsToken {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v == raw_value_token())
    }
}

/// The raw text of a value, borrowed from the input when it can be.
pub(crate) struct RawText;

impl<'de> DeserializeSeed<'de> for RawText {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for RawText {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("raw JSON text")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

/// A number or boolean field's type: read from any [`Scalar`], written as a JSON number (or boolean) or as a
/// string holding it.
pub trait WireScalar: Sized + fmt::Display {
    /// Converts what arrived (never `Null`: callers treat it as absent), or says why it cannot.
    fn from_scalar(scalar: &Scalar<'_>) -> Result<Self, String>;
    /// Writes the value in its native JSON form.
    fn serialize_native<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

macro_rules! integer_scalar {
    ($($t:ty => $what:literal),*) => {$(
        impl WireScalar for $t {
            fn from_scalar(scalar: &Scalar<'_>) -> Result<Self, String> {
                let text = match scalar {
                    Scalar::Number(text) => text.as_ref(),
                    Scalar::Text(text) => text.trim(),
                    other => return Err(format!("{} is not an integer", other.describe())),
                };
                let value = parse_integer(text).ok_or_else(|| format!("{} is not an integer", scalar.describe()))?;
                <$t>::try_from(value).map_err(|_| format!("{} is out of range for {}", scalar.describe(), $what))
            }
            fn serialize_native<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.serialize(serializer)
            }
        }
    )*};
}
integer_scalar!(i32 => "a 32-bit integer", i64 => "a 64-bit integer");

/// The exact integer a decimal text denotes (`30`, `-7`, `30.0`, `3e1`, `3.0E+1`), or `None` when it is not a
/// decimal number or not a whole one. Values beyond `i128` are `Some(i128::MAX)`-free: they are `None` only when
/// not whole; a whole value too large for `i128` saturates, which every field type then refuses as out of range.
fn parse_integer(text: &str) -> Option<i128> {
    if let Ok(value) = text.parse::<i128>() {
        return Some(value);
    }
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], unsigned[at + 1..].parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty() || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    // The digits, and where the decimal point falls among them once the exponent is applied.
    let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
    let point = i64::try_from(whole.len()).ok()?.checked_add(exponent)?;
    let split = usize::try_from(point.clamp(0, digits.len() as i64)).ok()?;
    if digits[split..].iter().any(|d| *d != b'0') {
        return None;
    }
    let significant = digits[..split].iter().skip_while(|d| **d == b'0').count();
    let zeros = usize::try_from(point).unwrap_or(0).saturating_sub(digits.len());
    if significant > 0 && significant + zeros > 39 {
        return Some(if negative { i128::MIN } else { i128::MAX });
    }
    let mut value: i128 = 0;
    for d in &digits[..split] {
        value = value.checked_mul(10)?.checked_add(i128::from(d - b'0'))?;
    }
    for _ in 0..zeros {
        value = value.saturating_mul(10);
    }
    Some(if negative { -value } else { value })
}

impl WireScalar for f64 {
    fn from_scalar(scalar: &Scalar<'_>) -> Result<Self, String> {
        let text = match scalar {
            Scalar::Number(text) => text.as_ref(),
            Scalar::Text(text) => text.trim(),
            other => return Err(format!("{} is not a number", other.describe())),
        };
        // Rust also reads `inf` and `NaN`; JSON numbers start with a digit, a sign or (leniently) a point.
        let numeric = text.trim_start_matches(['-', '+']).starts_with(|c: char| c.is_ascii_digit() || c == '.');
        match text.parse::<f64>() {
            Ok(value) if numeric && value.is_finite() => Ok(value),
            Ok(_) if numeric => Err(format!("{} is out of range for a 64-bit float", scalar.describe())),
            _ => Err(format!("{} is not a number", scalar.describe())),
        }
    }
    fn serialize_native<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(*self)
    }
}

impl WireScalar for f32 {
    fn from_scalar(scalar: &Scalar<'_>) -> Result<Self, String> {
        let wide = f64::from_scalar(scalar)?;
        // Nearest f32; a finite f64 beyond f32's range becomes infinite, which is refused rather than kept.
        #[allow(clippy::cast_possible_truncation)]
        let value = wide as f32;
        if value.is_finite() {
            Ok(value)
        } else {
            Err(format!("{} is out of range for a 32-bit float", scalar.describe()))
        }
    }
    fn serialize_native<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f32(*self)
    }
}

impl WireScalar for bool {
    fn from_scalar(scalar: &Scalar<'_>) -> Result<Self, String> {
        match scalar {
            Scalar::Bool(v) => Ok(*v),
            Scalar::Text(s) if s.trim().eq_ignore_ascii_case("true") => Ok(true),
            Scalar::Text(s) if s.trim().eq_ignore_ascii_case("false") => Ok(false),
            other => Err(format!("{} is not a boolean", other.describe())),
        }
    }
    fn serialize_native<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(*self)
    }
}

/// Reads an optional [`WireScalar`]: `null`, and an empty (or blank) string where a number or boolean belongs,
/// are `None` (the service writes `""` for a value it does not have, and the official SDKs read it so).
pub(crate) fn read_optional_scalar<'de, T: WireScalar, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    match read_scalar(deserializer)? {
        Scalar::Null => Ok(None),
        Scalar::Text(text) if text.trim().is_empty() => Ok(None),
        scalar => T::from_scalar(&scalar).map(Some).map_err(de::Error::custom),
    }
}

/// Reads an optional string field: a JSON string, or the exact text of a number or boolean sent in its place.
pub(crate) fn read_optional_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    match read_scalar(deserializer)? {
        Scalar::Null => Ok(None),
        Scalar::Text(text) | Scalar::Number(text) => Ok(Some(text.into_owned())),
        Scalar::Bool(v) => Ok(Some(v.to_string())),
    }
}

/// Writes a [`WireScalar`] as a JSON string (`"30"`).
pub(crate) struct AsString<'a, T>(pub(crate) &'a T);

impl<T: WireScalar> Serialize for AsString<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// An enum value that the API reference does not document, kept as it arrived so that it can be read and
/// written back.
///
/// Only the runtime creates one (from what the service sent), so a program cannot build a value that the
/// next version of the SDK would give a variant of its own: matching on `Unknown` stays a catch-all.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UnknownValue {
    text: Box<str>,
    number: bool,
}

impl UnknownValue {
    /// The value's text: the string the service sent, or the digits of the number.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the service sent it as a JSON number.
    pub fn is_number(&self) -> bool {
        self.number
    }

    pub(crate) fn from_scalar(scalar: &Scalar<'_>) -> Self {
        UnknownValue { text: scalar.text().into(), number: matches!(scalar, Scalar::Number(_)) }
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// What a string-coded enum's generated table provides to the readers and writers here.
pub trait StringEnum: Sized + Clone + 'static {
    /// The Rust name, for error messages.
    const NAME: &'static str;
    /// Every documented value, in the reference's order: reading finds a wire text among theirs.
    const DOCUMENTED: &'static [Self];
    /// Wraps a value the table does not have (the enum's `Unknown` variant).
    const UNKNOWN: fn(UnknownValue) -> Self;
    /// The enum's `as_str`: a pointer to it rather than a method, so the generated impl has no body of its own.
    const AS_STR: fn(&Self) -> &str;
    /// The variants' Rust names, in the order of [`DOCUMENTED`](StringEnum::DOCUMENTED), then the catch-all's.
    const VARIANTS: &'static [&'static str];

    /// The value's wire text (a documented value's, or an unknown value's as received).
    fn wire_text(&self) -> &str {
        (Self::AS_STR)(self)
    }

    /// The documented value with this wire text, if any.
    fn documented(text: &str) -> Option<Self> {
        Self::DOCUMENTED.iter().find(|value| value.wire_text() == text).cloned()
    }
}

/// `Debug` for a string-coded enum, as `derive(Debug)` writes it: a documented value's variant name, or
/// `Unknown("text")`. One generic body instead of a `match` over the variants in every enum.
pub fn debug_string_enum<T: StringEnum>(value: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let text = value.wire_text();
    let unknown = T::VARIANTS.last().copied().unwrap_or("Unknown");
    match T::DOCUMENTED.iter().position(|documented| documented.wire_text() == text) {
        Some(index) => f.write_str(T::VARIANTS.get(index).copied().unwrap_or(unknown)),
        None => f.debug_tuple(unknown).field(&text).finish(),
    }
}

/// `FromStr` for a string-coded enum: a documented value's wire text; anything else is an error, so a
/// misspelt value is caught where the program names it.
pub fn parse_string_enum<T: StringEnum>(text: &str) -> Result<T, ParseEnumError> {
    T::documented(text).ok_or_else(|| ParseEnumError::new(T::NAME, text))
}

// Written once for every string-coded enum rather than once per enum by `string_enum!`: each impl a generated
// enum does not carry saves `cargo check` its signature and body checks (about 2 ms per enum, measured on 600).
impl<T: StringEnum> WireValue for T {
    type Via = StringEnumValue;
}

/// A string-coded enum: its wire text, with any value the table does not have kept as unknown.
#[derive(Debug)]
pub enum StringEnumValue {}

impl<T: StringEnum> ValueCodec<T> for StringEnumValue {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        read_string_enum(deserializer)
    }
    fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value.wire_text())
    }
}

/// An integer-coded enum: its code (also read from a string holding one), any other value kept as unknown.
#[derive(Debug)]
pub enum IntegerEnumValue {}

impl<T: IntegerEnum> ValueCodec<T> for IntegerEnumValue {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        read_integer_enum(deserializer)
    }
    fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        write_integer_enum(value, serializer)
    }
}

/// Writes an integer-coded enum: a documented value as its code, an unknown one as it arrived (a number stays a
/// number).
pub fn write_integer_enum<T: IntegerEnum, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    match value.wire_form() {
        Ok(code) => serializer.serialize_i64(code),
        Err(unknown) => write_unknown_integer(unknown, serializer),
    }
}

impl<T: StringEnum> ParamValue for T {
    fn to_param(&self) -> String {
        self.wire_text().to_owned()
    }
}

/// What an integer-coded enum's generated table provides to the readers and writers here.
pub trait IntegerEnum: Sized {
    /// The documented value with this code, if any.
    fn documented(code: i64) -> Option<Self>;
    /// Wraps a value the table does not have.
    fn unknown(value: UnknownValue) -> Self;
    /// What is written: a documented value's code, or an unknown value as it arrived.
    fn wire_form(&self) -> Result<i64, &UnknownValue>;
}

/// Reads a string-coded enum from any scalar: a documented value's text (a number the service sent instead of
/// the documented string matches by its text), or anything else kept as [`UnknownValue`]; `null` is `None`.
pub fn read_string_enum<'de, T: StringEnum, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    Ok(match read_scalar(deserializer)? {
        Scalar::Null => None,
        scalar => {
            Some(T::documented(scalar.text()).unwrap_or_else(|| (T::UNKNOWN)(UnknownValue::from_scalar(&scalar))))
        }
    })
}

/// `Deserialize` of a generated enum through `read` ([`read_string_enum`] or [`read_integer_enum`]): `null` is
/// an error here (an `Option` field reads it as absent before getting this far).
pub fn deserialize_enum<'de, T, D: Deserializer<'de>>(
    deserializer: D,
    read: fn(D) -> Result<Option<T>, D::Error>,
) -> Result<T, D::Error> {
    match read(deserializer) {
        Ok(Some(value)) => Ok(value),
        Ok(None) => Err(de::Error::invalid_type(de::Unexpected::Unit, &"a value")),
        Err(error) => Err(error),
    }
}

/// Reads an integer-coded enum from any scalar: a number or a string holding one selects a documented code;
/// anything else (another code, text, a fraction) is kept as [`UnknownValue`]; `null` is `None`.
pub fn read_integer_enum<'de, T: IntegerEnum, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    let scalar = read_scalar(deserializer)?;
    let code = match &scalar {
        Scalar::Null => return Ok(None),
        Scalar::Number(text) => parse_integer(text),
        Scalar::Text(text) => parse_integer(text.trim()),
        Scalar::Bool(_) => None,
    };
    let documented = code.and_then(|code| i64::try_from(code).ok()).and_then(T::documented);
    Ok(Some(documented.unwrap_or_else(|| T::unknown(UnknownValue::from_scalar(&scalar)))))
}

/// Writes an integer-coded enum's value that the table does not know: as a JSON number when it is one (so the
/// declared form comes back), else as the string it arrived as.
pub fn write_unknown_integer<S: Serializer>(value: &UnknownValue, serializer: S) -> Result<S::Ok, S::Error> {
    match parse_integer(value.as_str()).and_then(|code| i64::try_from(code).ok()) {
        Some(code) => serializer.serialize_i64(code),
        None => match value.as_str().parse::<f64>() {
            Ok(number) if value.is_number() && number.is_finite() => serializer.serialize_f64(number),
            _ => serializer.serialize_str(value.as_str()),
        },
    }
}

/// The error of parsing an enum from text that is not one of its values' wire forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    /// The enum's name.
    pub type_name: &'static str,
    /// The text that did not parse.
    pub text: String,
}

impl ParseEnumError {
    /// The error for `text`, which is not a documented value of `type_name`.
    pub fn new(type_name: &'static str, text: &str) -> Self {
        const LIMIT: usize = 64;
        let text = match text.char_indices().nth(LIMIT) {
            Some((end, _)) => format!("{}...", &text[..end]),
            None => text.to_owned(),
        };
        ParseEnumError { type_name, text }
    }
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a documented value of {}", self.text, self.type_name)
    }
}

impl std::error::Error for ParseEnumError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_read_exactly_from_any_decimal_form() {
        for (text, value) in [
            ("30", Some(30)),
            ("-7", Some(-7)),
            ("30.0", Some(30)),
            ("3e1", Some(30)),
            ("3.0E+1", Some(30)),
            ("300e-1", Some(30)),
            ("0.0", Some(0)),
            ("9223372036854775808.0", Some(9_223_372_036_854_775_808)),
            ("1.5", None),
            ("1e-1", None),
            ("", None),
            ("-", None),
            ("1x", None),
            (".", None),
            ("1e99999999999999999999", None),
        ] {
            assert_eq!(parse_integer(text), value, "{text}");
        }
        assert_eq!(parse_integer("1e60"), Some(i128::MAX));
        assert_eq!(parse_integer("-1e60"), Some(i128::MIN));
    }

    #[test]
    fn out_of_range_numbers_are_errors_never_saturated() {
        let number = |t: &'static str| Scalar::Number(Cow::Borrowed(t));
        let err = i64::from_scalar(&number("9223372036854775808.0")).unwrap_err();
        assert_eq!(err, "the number 9223372036854775808.0 is out of range for a 64-bit integer");
        assert_eq!(i64::from_scalar(&number("9223372036854775807")), Ok(i64::MAX));
        assert!(i32::from_scalar(&number("2147483648")).unwrap_err().contains("out of range for a 32-bit"));
        assert!(f64::from_scalar(&number("1e400")).unwrap_err().contains("out of range for a 64-bit float"));
        assert!(f64::from_scalar(&Scalar::Text("NaN".into())).unwrap_err().contains("is not a number"));
        assert_eq!(f64::from_scalar(&Scalar::Text(" 1.50 ".into())), Ok(1.5));
    }

    #[test]
    fn the_raw_value_token_is_found() {
        assert!(raw_value_token().starts_with('$'), "{:?}", raw_value_token());
    }
}
