//! The conversions and serde of the generated enums, written once.
//!
//! Every generated enum has the same six impls (`as_str`, `From`, `FromStr`, `Display`, `Serialize`,
//! `Deserialize`) that differ only in their variant table. Generated files declare the enum itself, with a
//! doc comment on each variant, and invoke one of these macros with the table; the impls live here. This keeps
//! each operation's file short to read and cheap to generate and compile.

/// Implements a string-valued enum's conversions and serde from its table of variants and wire values.
///
/// `string_enum!(Name, Unknown { Variant("Wire"), ... })` adds `DOCUMENTED`, `as_str`, `Debug` (as derived),
/// `PartialEq`, `Eq` and `Hash` (by wire text), `FromStr` (a documented
/// value's wire text; anything else is an error, so a misspelt value is caught), `Display`, and serde as the
/// wire string. Reading keeps a value the table does not have in `Unknown` (a [`UnknownValue`]), whether it
/// arrived as a string or a number.
///
/// [`UnknownValue`]: crate::wire::UnknownValue
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    ($name:ident, $unknown:ident { $($variant:ident($value:literal)),* $(,)? }) => {
        impl $name {
            /// Every value the API reference documents, in its order.
            pub const DOCUMENTED: &'static [Self] = &[$(Self::$variant),*];
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$unknown(value) => value.as_str(),
                }
            }
        }
        // The lookup of a wire text, `unknown` and `FromStr`'s error come from the runtime's generic code over
        // this table: one function body per enum (`as_str`) is what `cargo check` pays for.
        impl $crate::wire::StringEnum for $name {
            const NAME: &'static str = ::core::stringify!($name);
            const DOCUMENTED: &'static [Self] = Self::DOCUMENTED;
            const UNKNOWN: fn($crate::wire::UnknownValue) -> Self = Self::$unknown;
            const AS_STR: fn(&Self) -> &str = Self::as_str;
            const VARIANTS: &'static [&'static str] = &[$(::core::stringify!($variant),)* ::core::stringify!($unknown)];
        }
        // As derived: the variant's name, or `Unknown("text")`.
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::wire::debug_string_enum(self, f)
            }
        }
        // Equal values have equal wire texts: only the SDK makes an `Unknown`, from a text no documented value has.
        $crate::eq_by_text!($name, as_str);
        impl ::core::str::FromStr for $name {
            type Err = $crate::wire::ParseEnumError;
            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                $crate::wire::parse_string_enum(text)
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        // `WireValue` and `ParamValue` come from the runtime's impls for every `StringEnum`.
        $crate::public_serde! {
            impl $crate::serde::Serialize for $name {
                fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
            impl<'de> $crate::serde::Deserialize<'de> for $name {
                fn deserialize<D: $crate::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::core::result::Result<Self, D::Error> {
                    $crate::wire::deserialize_enum(deserializer, $crate::wire::read_string_enum)
                }
            }
        }
    };
}

/// The items given, with the runtime's `serde` feature; nothing without it.
///
/// The generated types' `Serialize` and `Deserialize` impls go through it: an application that does not
/// serialise them itself does not pay for checking them (the client reads and writes through the runtime's own
/// traits). The feature is the runtime's, so generated code carries no `cfg` of its own.
#[cfg(feature = "serde")]
#[macro_export]
#[doc(hidden)]
macro_rules! public_serde {
    ($($item:item)*) => {
        $($item)*
    };
}

/// Without the runtime's `serde` feature: the generated types have no serde impls.
#[cfg(not(feature = "serde"))]
#[macro_export]
#[doc(hidden)]
macro_rules! public_serde {
    ($($item:item)*) => {};
}

/// `PartialEq`, `Eq` and `Hash` of a generated enum by the text one of its methods gives (a string enum's
/// `as_str`, an error code's `code`).
///
/// A derive would match every variant, in `eq` and again in `hash`; comparing one text is a line each, which
/// is what `cargo check` pays per enum. The text must tell values apart exactly as the variants do.
#[macro_export]
#[doc(hidden)]
macro_rules! eq_by_text {
    ($name:ident, $text:ident) => {
        impl ::core::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.$text() == other.$text()
            }
        }
        impl ::core::cmp::Eq for $name {}
        impl ::core::hash::Hash for $name {
            fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
                ::core::hash::Hash::hash(self.$text(), state)
            }
        }
    };
}

/// Implements an integer-coded enum's conversions and serde from its table of variants and codes.
///
/// `integer_enum!(Name, Unknown { Variant(0), ... })` adds `DOCUMENTED`, `code` (`None` only for an unknown
/// value that is not an integer), `as_str` (the variant's name, or an unknown value's text), `FromStr` (a
/// documented code; anything else is an error), `Display` (the code, or an unknown value's text) and serde as the
/// wire integer (also read from a string holding one). Reading keeps any other value in `Unknown`.
#[macro_export]
#[doc(hidden)]
macro_rules! integer_enum {
    ($name:ident, $unknown:ident { $($variant:ident($code:literal)),* $(,)? }) => {
        impl $name {
            /// Every value the API reference documents, in its order.
            pub const DOCUMENTED: &'static [Self] = &[$(Self::$variant),*];
            /// The integer code, as sent on the wire (`None` for an unknown value that is not an integer).
            pub fn code(&self) -> ::core::option::Option<i64> {
                match self {
                    $(Self::$variant => ::core::option::Option::Some($code),)*
                    Self::$unknown(value) => value.as_str().trim().parse().ok(),
                }
            }
            /// The name of the documented meaning, or an unknown value's text.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => ::core::stringify!($variant),)*
                    Self::$unknown(value) => value.as_str(),
                }
            }
        }
        impl $crate::wire::IntegerEnum for $name {
            fn documented(code: i64) -> ::core::option::Option<Self> {
                match code {
                    $($code => ::core::option::Option::Some(Self::$variant),)*
                    _ => ::core::option::Option::None,
                }
            }
            fn unknown(value: $crate::wire::UnknownValue) -> Self {
                Self::$unknown(value)
            }
            fn wire_form(&self) -> ::core::result::Result<i64, &$crate::wire::UnknownValue> {
                match self {
                    $(Self::$variant => ::core::result::Result::Ok($code),)*
                    Self::$unknown(value) => ::core::result::Result::Err(value),
                }
            }
        }
        impl ::core::str::FromStr for $name {
            type Err = $crate::wire::ParseEnumError;
            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                text.trim()
                    .parse::<i64>()
                    .ok()
                    .and_then(<Self as $crate::wire::IntegerEnum>::documented)
                    .ok_or_else(|| $crate::wire::ParseEnumError::new(::core::stringify!($name), text))
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    $(Self::$variant => ::core::fmt::Display::fmt(&$code, f),)*
                    Self::$unknown(value) => f.write_str(value.as_str()),
                }
            }
        }
        impl $crate::wire::ParamValue for $name {
            fn to_param(&self) -> ::std::string::String {
                ::std::string::ToString::to_string(self)
            }
        }
        $crate::public_serde! {
            impl $crate::serde::Serialize for $name {
                fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    $crate::wire::write_integer_enum(self, serializer)
                }
            }
        }
        $crate::enum_serde!($name, read_integer_enum);
    };
}

/// `Deserialize` and [`WireValue`](crate::wire::WireValue) for a generated integer enum.
///
/// Each generated impl is one call of a generic runtime function: no `?` and no closure of its own. In a
/// function generic over the deserializer, `?` makes the compiler search every `From` impl in scope for a
/// `From<D::Error>`, once per enum, and measured on 600 enums that search and the closure cost 1.4 ms of
/// `cargo check` per enum.
#[doc(hidden)]
#[macro_export]
macro_rules! enum_serde {
    ($name:ident, $reader:ident) => {
        $crate::public_serde! {
            impl<'de> $crate::serde::Deserialize<'de> for $name {
                fn deserialize<D: $crate::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::core::result::Result<Self, D::Error> {
                    $crate::wire::deserialize_enum(deserializer, $crate::wire::$reader)
                }
            }
        }
        impl $crate::wire::WireValue for $name {
            type Via = $crate::wire::IntegerEnumValue;
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::wire::UnknownValue;

    #[derive(Clone)]
    enum Mode {
        Automated,
        Manual,
        Unknown(UnknownValue),
    }
    crate::string_enum!(Mode, Unknown { Automated("Automated"), Manual("Manual") });

    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    enum Class {
        Regular,
        Archive,
        Unknown(UnknownValue),
    }
    crate::integer_enum!(Class, Unknown { Regular(0), Archive(1) });

    #[test]
    fn string_enums_keep_unknown_values_and_refuse_misspelt_text() {
        assert_eq!(Mode::DOCUMENTED, &[Mode::Automated, Mode::Manual]);
        assert_eq!("Manual".parse::<Mode>(), Ok(Mode::Manual));
        let err = "Manaul".parse::<Mode>().unwrap_err();
        assert_eq!((err.type_name, err.text.as_str()), ("Mode", "Manaul"));
        assert_eq!(serde_json::to_string(&Mode::Automated).unwrap(), r#""Automated""#);
        let later: Mode = serde_json::from_str(r#""Later""#).unwrap();
        assert_eq!((later.as_str(), later.to_string()), ("Later", "Later".to_owned()));
        assert_eq!(serde_json::to_string(&later).unwrap(), r#""Later""#);
        // A number where a string was documented keeps its exact text and is written back as the string.
        let number: Mode = serde_json::from_str("1.50").unwrap();
        assert_eq!(number.as_str(), "1.50");
        assert_eq!(serde_json::to_string(&number).unwrap(), r#""1.50""#);
        assert!(serde_json::from_str::<Mode>("null").is_err());
    }

    #[test]
    fn string_enums_are_equal_and_hash_alike_exactly_when_their_wire_texts_are() {
        use std::collections::HashSet;
        let read = |json: &str| serde_json::from_str::<Mode>(json).unwrap();
        let values =
            [Mode::Automated, Mode::Manual, read(r#""Later""#), read(r#""Manual""#), read("7"), read(r#""7""#)];
        for a in &values {
            for b in &values {
                assert_eq!(a == b, a.as_str() == b.as_str(), "{a:?} and {b:?}");
            }
        }
        // A documented text read from the wire is the documented variant, never an `Unknown` equal to it.
        assert!(matches!(read(r#""Manual""#), Mode::Manual));
        let distinct: HashSet<&Mode> = values.iter().collect();
        assert_eq!(distinct.len(), 4, "Automated, Manual, Later and 7: {distinct:?}");
    }

    #[test]
    fn string_enums_debug_as_derive_would() {
        /// Variant names unlike their wire texts, so a `Debug` that printed the text would show.
        #[derive(Clone)]
        enum Storage {
            Regular,
            Archive,
            Unknown(UnknownValue),
        }
        crate::string_enum!(Storage, Unknown { Regular("0"), Archive("1") });
        /// The same enum with `Debug` derived: what the table-driven impl must print.
        #[derive(Debug)]
        #[allow(dead_code)] // read only by the derived `Debug`, which dead-code analysis does not count
        enum Derived {
            Regular,
            Archive,
            Unknown(UnknownValue),
        }
        for json in ["0", r#""1""#, r#""Later""#, "1.50", r#""with \"quotes\"""#, r#""""#] {
            let value: Storage = serde_json::from_str(json).unwrap();
            let derived = match value.clone() {
                Storage::Regular => Derived::Regular,
                Storage::Archive => Derived::Archive,
                Storage::Unknown(unknown) => Derived::Unknown(unknown),
            };
            assert_eq!(format!("{value:?}"), format!("{derived:?}"), "{json}");
            assert_eq!(format!("{value:#?}"), format!("{derived:#?}"), "{json}");
        }
        assert_eq!(format!("{:?}", Storage::Archive), "Archive");
    }

    #[test]
    fn integer_enums_read_numbers_and_strings_and_keep_anything_else() {
        assert_eq!(Class::DOCUMENTED, &[Class::Regular, Class::Archive]);
        assert_eq!((Class::Archive.code(), Class::Archive.as_str()), (Some(1), "Archive"));
        assert_eq!(" 1 ".parse::<Class>(), Ok(Class::Archive));
        assert!("7".parse::<Class>().is_err());
        let err = "one".parse::<Class>().unwrap_err();
        assert_eq!((err.type_name, err.text.as_str()), ("Class", "one"));
        assert_eq!(serde_json::to_string(&Class::Regular).unwrap(), "0");
        assert_eq!(serde_json::from_str::<Class>(r#""1""#).unwrap(), Class::Archive);
        assert_eq!(serde_json::from_str::<Class>("1.0").unwrap(), Class::Archive);
        let seven: Class = serde_json::from_str("7").unwrap();
        assert_eq!((seven.code(), seven.to_string()), (Some(7), "7".to_owned()));
        assert_eq!(serde_json::to_string(&seven).unwrap(), "7");
        // A quoted unknown code is written back as the number the spec declares; text stays text.
        let quoted: Class = serde_json::from_str(r#""7""#).unwrap();
        assert_eq!(serde_json::to_string(&quoted).unwrap(), "7");
        let text: Class = serde_json::from_str(r#""Archived""#).unwrap();
        assert_eq!((text.code(), text.as_str()), (None, "Archived"));
        assert_eq!(serde_json::to_string(&text).unwrap(), r#""Archived""#);
    }
}
