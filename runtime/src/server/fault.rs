//! Service errors on the server side: what an operation answers instead of its response.
//!
//! A [`Fault`] carries the operation's typed error code (the same per-operation enum the client decodes), the
//! HTTP status and the message; for a code the API reference documents, both default to the page's values,
//! so an emulator answers exactly what the page says the service answers. [`error_body`] writes the JSON
//! shape the service uses for every error.

use std::fmt;

use serde::Serialize;

use super::{Context, ParamError};
use crate::error::ErrorCode;

/// An error answer of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault<E> {
    /// The HTTP status.
    pub status: u16,
    /// The error code.
    pub code: E,
    /// The message.
    pub message: String,
}

impl<E: ErrorCode> Fault<E> {
    /// The documented answer for `code`: the page's status and message (400 and the code itself when the
    /// page does not list it).
    pub fn new(code: E) -> Self {
        let (status, message) = match code.info() {
            Some(info) => (info.http_status, info.message.to_owned()),
            None => (400, code.code().to_owned()),
        };
        Fault { status, code, message }
    }

    /// Any code, documented or not, with its status and message.
    pub fn custom(status: u16, code: &str, message: impl Into<String>) -> Self {
        Fault { status, code: E::from_code(code), message: message.into() }
    }

    /// What the service answers for an action it does not have (`InvalidAction.NotFound`, 404): the answer of
    /// a `Service` method the server does not implement.
    pub fn not_implemented(action: &str) -> Self {
        Fault::custom(
            404,
            "InvalidAction.NotFound",
            format!("Specified api is not found, please check your url and method. (This server does not implement {action}.)"),
        )
    }

    /// The same fault with another message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// What the service answers for a parameter it cannot accept: `Missing<Name>` (400) for an absent
    /// required parameter; for an invalid one, the operation's own documented `Invalid<Name>.Format` or
    /// `Invalid<Name>.Malformed` code when its page lists one, else `InvalidParameter` (400).
    pub fn from_param(err: &ParamError) -> Self {
        match err {
            ParamError::Missing { parameter } => Fault::custom(400, &format!("Missing{parameter}"), err.to_string()),
            ParamError::Invalid { parameter, .. } => {
                let documented = [format!("Invalid{parameter}.Format"), format!("Invalid{parameter}.Malformed")]
                    .into_iter()
                    .map(|code| E::from_code(&code))
                    .find(|code| code.info().is_some());
                match documented {
                    Some(code) => Fault::new(code).with_message(err.to_string()),
                    None => Fault::custom(400, "InvalidParameter", err.to_string()),
                }
            }
        }
    }
}

impl<E: ErrorCode> fmt::Display for Fault<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code.code(), self.status, self.message)
    }
}

impl<E: ErrorCode> std::error::Error for Fault<E> {}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorDocument<'a> {
    request_id: &'a str,
    host_id: &'a str,
    code: &'a str,
    message: &'a str,
    recommend: String,
}

/// The service's error document: `{"RequestId","HostId","Code","Message","Recommend"}`.
pub fn error_body(ctx: &Context, code: &str, message: &str) -> String {
    let recommend =
        format!("https://api.aliyun.com/troubleshoot?q={code}&product={}&requestId={}", ctx.product, ctx.request_id);
    let doc = ErrorDocument { request_id: &ctx.request_id, host_id: &ctx.host, code, message, recommend };
    // Serialising plain strings cannot fail.
    serde_json::to_string(&doc).unwrap_or_default()
}
