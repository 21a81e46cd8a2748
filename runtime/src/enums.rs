//! The conversions and serde of the generated enums, written once.
//!
//! Every generated enum has the same six impls (`as_str`, `From`, `FromStr`, `Display`, `Serialize`,
//! `Deserialize`) that differ only in their variant table. Generated files declare the enum itself, with a
//! doc comment on each variant, and invoke one of these macros with the table; the impls live here. This keeps
//! each operation's file short to read and cheap to generate and compile.

/// Implements a string-valued enum's conversions and serde from its table of variants and wire values.
///
/// `string_enum!(Name, Unknown { Variant("Wire"), ... })` adds `DOCUMENTED`, `as_str`, `From<&str>`,
/// `FromStr` (infallible: unknown text is kept in `Unknown`), `Display` and serde as the wire string.
#[macro_export]
macro_rules! string_enum {
    ($name:ident, $unknown:ident { $($variant:ident($value:literal)),* $(,)? }) => {
        impl $name {
            /// Every value the API reference documents, in its order.
            pub const DOCUMENTED: &'static [Self] = &[$(Self::$variant),*];
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$unknown(value) => value,
                }
            }
        }
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::$unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }
        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from(value))
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::wire::deserialize_string_enum(deserializer)
            }
        }
        impl $crate::wire::Blank for $name {
            fn blank() -> Self {
                Self::$unknown(::std::string::String::new())
            }
        }
    };
}

/// Implements an integer-coded enum's conversions and serde from its table of variants and codes.
///
/// `integer_enum!(Name, Unknown { Variant(0), ... })` adds `DOCUMENTED`, `code`, `as_str` (the variant's
/// name, `"Unknown"` for an undocumented code), `From<i64>`, `FromStr` (the decimal code), `Display` (the
/// code) and serde as the wire integer (also accepted as a string).
#[macro_export]
macro_rules! integer_enum {
    ($name:ident, $unknown:ident { $($variant:ident($code:literal)),* $(,)? }) => {
        impl $name {
            /// Every value the API reference documents, in its order.
            pub const DOCUMENTED: &'static [Self] = &[$(Self::$variant),*];
            /// The integer code, as sent on the wire.
            pub fn code(&self) -> i64 {
                match self {
                    $(Self::$variant => $code,)*
                    Self::$unknown(code) => *code,
                }
            }
            /// The name of the documented meaning (`"Unknown"` for an undocumented code).
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Self::$variant => ::core::stringify!($variant),)*
                    Self::$unknown(_) => "Unknown",
                }
            }
        }
        impl ::core::convert::From<i64> for $name {
            fn from(code: i64) -> Self {
                match code {
                    $($code => Self::$variant,)*
                    other => Self::$unknown(other),
                }
            }
        }
        impl ::core::str::FromStr for $name {
            type Err = $crate::wire::ParseEnumError;
            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                text.trim().parse::<i64>().map(Self::from).map_err(|_| $crate::wire::ParseEnumError {
                    type_name: ::core::stringify!($name),
                    text: ::std::borrow::ToOwned::to_owned(text),
                })
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.code(), f)
            }
        }
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.code())
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::wire::deserialize_integer_enum(deserializer)
            }
        }
        impl $crate::wire::Blank for $name {
            fn blank() -> Self {
                Self::$unknown(0)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    enum Mode {
        Automated,
        Manual,
        Unknown(String),
    }
    crate::string_enum!(Mode, Unknown { Automated("Automated"), Manual("Manual") });

    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    enum Class {
        Regular,
        Archive,
        Unknown(i64),
    }
    crate::integer_enum!(Class, Unknown { Regular(0), Archive(1) });

    #[test]
    fn string_enums_keep_unknown_values_both_ways() {
        assert_eq!(Mode::DOCUMENTED, &[Mode::Automated, Mode::Manual]);
        assert_eq!(Mode::from("Manual"), Mode::Manual);
        assert_eq!("Later".parse::<Mode>(), Ok(Mode::Unknown("Later".to_owned())));
        assert_eq!(Mode::Unknown("Later".to_owned()).to_string(), "Later");
        assert_eq!(serde_json::to_string(&Mode::Automated).unwrap(), r#""Automated""#);
        assert_eq!(serde_json::from_str::<Mode>(r#""Later""#).unwrap(), Mode::Unknown("Later".to_owned()));
    }

    #[test]
    fn integer_enums_read_numbers_and_strings_and_write_numbers() {
        assert_eq!(Class::DOCUMENTED, &[Class::Regular, Class::Archive]);
        assert_eq!((Class::Archive.code(), Class::Archive.as_str()), (1, "Archive"));
        assert_eq!((Class::Unknown(7).code(), Class::Unknown(7).as_str()), (7, "Unknown"));
        assert_eq!(" 1 ".parse::<Class>(), Ok(Class::Archive));
        let err = "one".parse::<Class>().unwrap_err();
        assert_eq!((err.type_name, err.text.as_str()), ("Class", "one"));
        assert_eq!(Class::Unknown(7).to_string(), "7");
        assert_eq!(serde_json::to_string(&Class::Regular).unwrap(), "0");
        assert_eq!(serde_json::from_str::<Class>(r#""1""#).unwrap(), Class::Archive);
        assert_eq!(serde_json::from_str::<Class>("9").unwrap(), Class::Unknown(9));
    }
}
