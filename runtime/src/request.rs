//! What a generated request type tells the client, so sending and paging are written once, generically.
//!
//! Each generated `<Operation>Request` implements [`Request`] (its operation, response and error types, and its
//! wire parameters); paged ones also implement [`PagedRequest`]. [`Client::send`](crate::Client::send) and
//! [`Client::paginate`](crate::Client::paginate) do the rest, so the generated files hold no async code of
//! their own beyond one-line forwarding methods, and an application can write code generic over operations.

use crate::build::BuildError;
use crate::client::OperationInfo;
use crate::error::ErrorCode;
use crate::paginate::Page;
use crate::wire::{Params, Record};

/// The parameters of one call of one operation.
pub trait Request: Send + Sync {
    /// What a successful call answers: a generated structure, read through its [`Record`] impl.
    type Response: Record + Send;
    /// The operation's documented error codes.
    type Error: ErrorCode;
    /// The operation: action name, HTTP method, whether it changes state.
    const OPERATION: &'static OperationInfo;

    /// The request's query parameters, as sent on the wire (without the common parameters).
    fn to_params(&self) -> Params;

    /// Checks the documented limits (allowed values, ranges, lengths, patterns, item counts). The builder's
    /// `build` calls it, and [`Client::send`](crate::Client::send) again, so that a request changed after it was
    /// built (its fields are public) is checked too. Requests without limits keep this default.
    fn check(&self) -> Result<(), BuildError> {
        Ok(())
    }
}

/// A request for one page of a listing (`PageNumber` / `PageSize`).
pub trait PagedRequest: Request + Clone
where
    Self::Response: Page,
{
    /// The page number set, if any (the service starts at 1).
    fn page_number(&self) -> Option<i32>;
    /// Asks for page `page`.
    fn set_page_number(&mut self, page: i32);
    /// The page size the service will use: the one set, else the documented default; `None` when neither is
    /// known.
    fn page_size(&self) -> Option<u64>;
}
