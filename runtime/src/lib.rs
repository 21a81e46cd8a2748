//! Runtime support for the generated Alibaba Cloud backup SDK.
//!
//! The generated crates stay thin because everything that is the same for every operation lives here, once:
//! configuration ([`Config`], [`config`]), credentials ([`credentials`]), endpoints ([`endpoint`]), request
//! signing ([`signing`]), the HTTP client with retries and per-call overrides ([`client`], [`retry`]), how it
//! connects (TLS, proxies, pool: [`http`]), request checks ([`build`]), what a request tells the client
//! ([`request`]), errors ([`error`], [`codes`]), paging ([`paginate`]), waiting for a final state ([`waiter`]),
//! the time formats the APIs use ([`time`]) and secrets kept out of what is shown ([`redact`]).
//!
//! Applications use it through a product crate (or the `alibabacloud-backup-sdk` facade), which re-exports what
//! they name: `Config`, `Credentials`, `RetryPolicy`, `Overrides`, `WaitOptions` and the error types. Three
//! modules are the generated code's own and hidden from these docs: `wire` (lenient decoding of what the service
//! really sends), `enums` (the impls of generated enums) and `server` (request decoding, signature checks and
//! faults for local emulators, behind the `server` feature).

pub mod build;
pub mod client;
pub mod codes;
pub mod config;
pub mod credentials;
pub mod endpoint;
// Internals the generated code calls (enum impls, wire decoding, the server side): public because the
// generated crates name them, hidden from the docs because applications do not.
#[doc(hidden)]
pub mod enums;
pub mod error;
pub mod http;
pub mod paginate;
pub mod redact;
pub mod request;
pub mod retry;
#[cfg(feature = "server")]
#[doc(hidden)]
pub mod server;
pub mod signing;
pub mod time;
pub mod waiter;
#[doc(hidden)]
pub mod wire;

/// The serde that `string_enum!`, `integer_enum!` and `record_serde!` name in their impls, so a crate using them
/// needs no path of its own to it.
#[doc(hidden)]
pub use serde;

pub use client::{Answer, Client, Method, OperationInfo, Overrides, Sending, ServiceInfo, TRACING_TARGET};
pub use config::{Config, ConfigError};
pub use endpoint::EndpointRule;
pub use error::{AnyError, Error, ErrorCode, ServiceError};
pub use http::RootCertificates;
pub use paginate::{Page, Paginator, Results};
pub use request::{PagedRequest, Request};
pub use retry::RetryPolicy;
pub use signing::SignatureVersion;
pub use wire::{UnknownFields, UnknownValue};
