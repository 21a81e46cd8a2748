//! Static descriptions of a product and its operations.
//!
//! Generated code declares one [`ServiceInfo`] per product and one [`OperationInfo`] per operation as
//! `static` items built from the spec, so everything the client needs to know about an API (its code,
//! version, signature, endpoints, HTTP method and whether it changes state) is data, not code.

use crate::endpoint::EndpointRule;
use crate::signing::SignatureVersion;

/// What the client needs to know about one product (for example RDS, API version 2014-08-15).
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// The product code as the service names it (`Rds`, `Dbs`, `hbr`).
    pub product_code: &'static str,
    /// The API version sent with every call (`2014-08-15`).
    pub api_version: &'static str,
    /// The signature the product expects unless the configuration says otherwise.
    pub signature: SignatureVersion,
    /// How to find the product's host for a region.
    pub endpoints: EndpointRule,
}

/// What the client needs to know about one operation.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// The action name sent on the wire (`DescribeBackups`).
    pub name: &'static str,
    /// The HTTP method the operation is documented with.
    pub method: Method,
    /// Whether the operation changes state (`CreateBackup`). Such operations are only retried when the
    /// request cannot have been processed; see [`crate::retry`].
    pub changes_state: bool,
    /// The HTTP status of a successful answer (200, or the 2xx the operation documents). The client accepts
    /// any 2xx; a server (the emulator) answers with this one.
    pub status: u16,
}

impl OperationInfo {
    /// An operation answered with 200 on success.
    pub const fn new(name: &'static str, method: Method, changes_state: bool) -> Self {
        OperationInfo { name, method, changes_state, status: 200 }
    }

    /// The same operation, answered with `status` on success.
    pub const fn with_status(self, status: u16) -> Self {
        OperationInfo { status, ..self }
    }
}

/// The HTTP methods RPC-style operations use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST` (parameters travel in the query string; the body is empty unless the operation has form
    /// parameters).
    Post,
}

impl Method {
    /// The method as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }

    pub(crate) fn to_http(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
