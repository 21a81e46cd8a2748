//! What an API reference page documents about one error code.
//!
//! Generated per-operation error enums return these from `info()`, so a program (or a person reading a log) can
//! see the documented HTTP status, message and meaning of a code without opening the page. The generated files
//! hold the enum (one documented variant per code) and one table row per code for
//! [`error_codes!`](crate::error_codes); every impl is written here once.

/// One row of a page's error-code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErrorInfo {
    /// The code, as the service sends it (`InvalidStartTime.Format`).
    pub code: &'static str,
    /// The HTTP status the page lists with it.
    pub http_status: u16,
    /// The message the page lists.
    pub message: &'static str,
    /// Other messages the page lists for the same code.
    pub other_messages: &'static [&'static str],
    /// The page's explanation, when it gives one.
    pub description: Option<&'static str>,
}

/// Implements a generated error-code enum's conversions from its table of codes.
///
/// `error_codes!(Name, Unknown { Variant("Code", 400, "message", ["other message"], Some("description")), ... })`
/// adds `code` and `info` (inherent, so callers need no trait in scope), [`ErrorCode`](crate::ErrorCode) with the
/// table as its `TABLE`, `From<&str>` and `Display` (the code). `Unknown` keeps any code the table does not
/// list, exactly as sent.
///
/// `error_codes!(Name, Unknown, Common(CommonType) { ... })` is the same for an operation of a product that
/// declares codes every operation can answer (`CommonType`, itself made by `error_codes!`): the enum has a
/// variant `Common(CommonType)`, and `from_code` tries the operation's own codes first, then the common table
/// (`<CommonType as ErrorCode>::TABLE`), then `Unknown`. `code()` and `info()` of a `Common` code are the common
/// type's; `Display` is the code as always. The common rows are not repeated in the operation's `TABLE`.
#[macro_export]
#[doc(hidden)]
macro_rules! error_codes {
    ($name:ident, $unknown:ident $(, $common:ident($common_ty:ty))? {
        $($variant:ident($code:literal, $status:literal, $message:literal, [$($other:literal),* $(,)?], $description:expr)),*
        $(,)?
    }) => {
        impl $name {
            /// The code as the service sends it.
            pub fn code(&self) -> &str {
                match self {
                    $(Self::$variant => $code,)*
                    $(Self::$common(common) => <$common_ty as $crate::ErrorCode>::code(common),)?
                    Self::$unknown(code) => code,
                }
            }
            /// What the API reference documents about this code; `None` for a code it does not list.
            pub fn info(&self) -> ::core::option::Option<&'static $crate::codes::ErrorInfo> {
                $crate::ErrorCode::info(self)
            }
        }
        impl $crate::ErrorCode for $name {
            const TABLE: &'static [$crate::codes::ErrorInfo] = &[$($crate::codes::ErrorInfo {
                code: $code,
                http_status: $status,
                message: $message,
                other_messages: &[$($other),*],
                description: $description,
            }),*];
            fn from_code(code: &str) -> Self {
                match code {
                    $($code => Self::$variant,)*
                    $(other if <$common_ty as $crate::ErrorCode>::TABLE.iter().any(|info| info.code == other) => {
                        Self::$common(<$common_ty as $crate::ErrorCode>::from_code(other))
                    })?
                    other => Self::$unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
            fn code(&self) -> &str {
                $name::code(self)
            }
            $(fn info(&self) -> ::core::option::Option<&'static $crate::codes::ErrorInfo> {
                match self {
                    Self::$common(common) => <$common_ty as $crate::ErrorCode>::info(common),
                    own => {
                        let code = $name::code(own);
                        <Self as $crate::ErrorCode>::TABLE.iter().find(|info| info.code == code)
                    }
                }
            })?
        }
        impl $crate::error::OperationCode for $name {}
        // Codes are equal when the service's codes are.
        $crate::eq_by_text!($name, code);
        impl ::core::convert::From<&str> for $name {
            fn from(code: &str) -> Self {
                <Self as $crate::ErrorCode>::from_code(code)
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::ErrorCode;

    /// Codes every operation of a (test) product can answer.
    #[derive(Debug, Clone)]
    enum Common {
        PricingNotFound,
        Unknown(String),
    }
    crate::error_codes!(Common, Unknown {
        PricingNotFound("Price.PricingPlanResultNotFound", 400, "The pricing plan was not found.", [], None),
    });

    /// One operation's codes, with the common ones under `Common`.
    #[derive(Debug, Clone)]
    enum Op {
        BadStart,
        Common(Common),
        Unknown(String),
    }
    crate::error_codes!(Op, Unknown, Common(Common) {
        BadStart("InvalidStartTime.Format", 400, "Specified start time is not valid.", ["Bad time."], Some("The start.")),
    });

    /// The same operation in a product without common codes.
    #[derive(Debug, Clone)]
    enum Plain {
        BadStart,
        Unknown(String),
    }
    crate::error_codes!(Plain, Unknown {
        BadStart("InvalidStartTime.Format", 400, "Specified start time is not valid.", [], None),
    });

    #[test]
    fn an_operations_own_code_is_its_own_variant() {
        let code = Op::from("InvalidStartTime.Format");
        assert_eq!(code, Op::BadStart);
        assert_eq!((code.code(), code.to_string()), ("InvalidStartTime.Format", "InvalidStartTime.Format".to_owned()));
        let info = code.info().expect("documented");
        assert_eq!(
            (info.http_status, info.message, info.other_messages),
            (400, "Specified start time is not valid.", &["Bad time."][..])
        );
        assert_eq!(info.description, Some("The start."));
    }

    #[test]
    fn a_common_code_is_the_common_variant_with_the_common_info() {
        let code = Op::from("Price.PricingPlanResultNotFound");
        assert_eq!(code, Op::Common(Common::PricingNotFound));
        assert_eq!(code.code(), "Price.PricingPlanResultNotFound");
        assert_eq!(code.to_string(), "Price.PricingPlanResultNotFound");
        let info = code.info().expect("documented by the product");
        assert_eq!(
            (info.code, info.http_status, info.message),
            ("Price.PricingPlanResultNotFound", 400, "The pricing plan was not found.")
        );
        assert_eq!(info, Common::PricingNotFound.info().expect("its own table"));
        // The common rows are not repeated in the operation's table.
        assert_eq!(Op::TABLE.len(), 1);
        assert_eq!(ErrorCode::code(&code), "Price.PricingPlanResultNotFound");
    }

    #[test]
    fn an_unknown_code_is_kept_as_sent_without_info() {
        let code = Op::from("Other.Code");
        assert_eq!(code, Op::Unknown("Other.Code".to_owned()));
        assert_eq!((code.code(), code.to_string(), code.info()), ("Other.Code", "Other.Code".to_owned(), None));
        assert_eq!(Op::from(""), Op::Unknown(String::new()));
        // Without the clause, a code only the common table lists is unknown to the operation.
        let plain = Plain::from("Price.PricingPlanResultNotFound");
        assert_eq!(plain, Plain::Unknown("Price.PricingPlanResultNotFound".to_owned()));
        assert_eq!(plain.info(), None);
        assert_eq!(Plain::from("InvalidStartTime.Format").info().map(|i| i.code), Some("InvalidStartTime.Format"));
    }
}
