//! One error type for every operation of every product, so errors compose with `?`.
//!
//! Each operation returns `Error<ItsErrorCode>`, whose code enum lists exactly what that operation documents. A
//! function that calls several operations (or several products) wants one error type: [`AnyError`]. Every
//! operation's error converts into it with `?` ([`From`]), and nothing is lost: the code keeps its text, what the
//! API reference documents about it, and the operation's own typed enum, which [`AnyCode::downcast_ref`] gives
//! back. The product crates and the facade name it `Error`.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use super::{Error, ErrorCode, ServiceError};
use crate::codes::ErrorInfo;

/// The error of any operation of any product: what `?` turns each operation's error into.
pub type AnyError = Error<AnyCode>;

/// An operation's generated error-code enum (implemented by [`error_codes!`](crate::error_codes)); marks the
/// codes that convert into [`AnyCode`].
pub trait OperationCode: ErrorCode {}

/// The error code of any operation: its text, what the API reference documents about it, and the operation's
/// typed code.
#[derive(Clone)]
pub struct AnyCode {
    code: String,
    info: Option<&'static ErrorInfo>,
    typed: Option<Arc<dyn Any + Send + Sync>>,
}

impl AnyCode {
    /// The code as the service sent it.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// What the API reference documents about this code; `None` for a code the operation does not list.
    pub fn info(&self) -> Option<&'static ErrorInfo> {
        self.info
    }

    /// The typed code of one operation's enum: `Some` when the error came from an operation whose code type
    /// is `T`.
    ///
    /// ```
    /// # use alibabacloud_backup_runtime::error::{AnyCode, AnyError};
    /// # fn demo<T: 'static>(err: &AnyError) -> Option<&T> {
    /// err.service_error().and_then(|e| e.code.downcast_ref::<T>())
    /// # }
    /// ```
    pub fn downcast_ref<T: 'static>(&self) -> Option<&T> {
        self.typed.as_deref().and_then(|typed| typed.downcast_ref())
    }

    fn of<E: OperationCode>(code: E) -> AnyCode {
        AnyCode { code: code.code().to_owned(), info: code.info(), typed: Some(Arc::new(code)) }
    }
}

impl ErrorCode for AnyCode {
    fn from_code(code: &str) -> Self {
        AnyCode { code: code.to_owned(), info: None, typed: None }
    }

    fn code(&self) -> &str {
        &self.code
    }

    fn info(&self) -> Option<&'static ErrorInfo> {
        self.info
    }
}

impl fmt::Debug for AnyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AnyCode").field(&self.code).finish()
    }
}

impl fmt::Display for AnyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

impl PartialEq for AnyCode {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for AnyCode {}

impl<E: OperationCode> From<Error<E>> for AnyError {
    fn from(err: Error<E>) -> Self {
        err.map_code(AnyCode::of)
    }
}

impl<E> ServiceError<E> {
    /// The same error with its code converted by `f`.
    pub fn map_code<F>(self, f: impl FnOnce(E) -> F) -> ServiceError<F> {
        let ServiceError {
            status,
            code,
            raw_code,
            message,
            request_id,
            host_id,
            recommend,
            access_denied_detail,
            retry_after,
            body,
        } = self;
        ServiceError {
            status,
            code: f(code),
            raw_code,
            message,
            request_id,
            host_id,
            recommend,
            access_denied_detail,
            retry_after,
            body,
        }
    }
}

impl<E: ErrorCode> Error<E> {
    /// The same error with its service code converted by `f` (the other kinds carry no code).
    pub fn map_code<F: ErrorCode>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Service(e) => Error::Service(Box::new(e.map_code(f))),
            Error::Timeout { phase, after } => Error::Timeout { phase, after },
            Error::Transport(e) => Error::Transport(e),
            Error::Decode { status, snippet, path, request_id, source } => {
                Error::Decode { status, snippet, path, request_id, source }
            }
            Error::InvalidRequest(e) => Error::InvalidRequest(e),
            Error::Credentials(e) => Error::Credentials(e),
            Error::Endpoint(e) => Error::Endpoint(e),
        }
    }
}
