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
#[macro_export]
#[doc(hidden)]
macro_rules! error_codes {
    ($name:ident, $unknown:ident {
        $($variant:ident($code:literal, $status:literal, $message:literal, [$($other:literal),* $(,)?], $description:expr)),*
        $(,)?
    }) => {
        impl $name {
            /// The code as the service sends it.
            pub fn code(&self) -> &str {
                match self {
                    $(Self::$variant => $code,)*
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
                    other => Self::$unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
            fn code(&self) -> &str {
                $name::code(self)
            }
        }
        impl $crate::error::OperationCode for $name {}
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
