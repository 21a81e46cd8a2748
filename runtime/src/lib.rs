//! Runtime support for the generated Alibaba Cloud backup SDK.
//!
//! The generated crate stays thin because everything that is the same for every operation lives here:
//! lenient decoding of what the service really sends ([`wire`]), the impls of the generated enums ([`enums`]), the time formats the APIs use ([`time`]),
//! request validation ([`build`]), what a request tells the client ([`request`]), request signing ([`signing`]), secrets kept out of URLs that are shown ([`redact`]), credentials ([`credentials`]), endpoints
//! ([`endpoint`]), the HTTP client with retries and per-call overrides ([`client`], [`retry`]), how it connects
//! (TLS, proxies, pool: [`http`]), errors ([`error`]) and paging
//! ([`paginate`]), waiting for a final state ([`waiter`]), and the server side for local emulators ([`server`]).

pub mod build;
pub mod client;
pub mod codes;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod enums;
pub mod error;
pub mod http;
pub mod paginate;
pub mod redact;
pub mod request;
pub mod retry;
#[cfg(feature = "server")]
pub mod server;
pub mod signing;
pub mod time;
pub mod waiter;
pub mod wire;

/// The serde that `string_enum!`, `integer_enum!` and `record_serde!` name in their impls, so a crate using them
/// needs no path of its own to it.
#[doc(hidden)]
pub use serde;

pub use client::{Client, Method, OperationInfo, Overrides, ServiceInfo, TRACING_TARGET};
pub use config::{Config, ConfigError};
pub use endpoint::EndpointRule;
pub use error::{AnyError, Error, ErrorCode, ServiceError};
pub use http::RootCertificates;
pub use paginate::{Page, Paginator, Results};
pub use request::{PagedRequest, Request};
pub use retry::RetryPolicy;
pub use signing::SignatureVersion;
