//! Support for `tests/client.rs`: a local server on 127.0.0.1 that checks signatures with its own code, the
//! test credentials, a configuration pointed at the server, and the expectations each test compares with.

//! The test server and the signature check are the runtime's, shared by path (test code of another crate cannot
//! be imported); the parts only the runtime's tests use are allowed to be dead here.

#[allow(dead_code)]
#[path = "../../../runtime/tests/support/server.rs"]
pub mod server;
#[path = "../../../runtime/tests/support/verify.rs"]
pub mod verify;

use std::time::Duration;

use alibabacloud_backup::{Config, RetryPolicy};
use runtime::credentials::Credentials;

pub use server::{Recorded, Reply, TestServer};
pub use verify::Kind;

pub const KEY_ID: &str = "LTAI-client-test-key";
pub const SECRET: &str = "client-test-secret-do-not-log";

/// The API versions of `specs/<product>/product.yaml`, written out here rather than taken from the generated
/// code, so that a wrong version in the generated `SERVICE` fails the tests.
pub const RDS_VERSION: &str = "2014-08-15";
pub const POLARDB_VERSION: &str = "2017-08-01";
pub const POLARDBX_VERSION: &str = "2020-02-02";
pub const R_KVSTORE_VERSION: &str = "2015-01-01";

/// Static credentials, the server's URL, generous timeouts (nothing here waits on them) and retries with
/// millisecond backoff, so a retried call costs almost nothing.
pub fn config(server: &TestServer) -> Config {
    Config::new(Credentials::new(KEY_ID, SECRET))
        .endpoint_url(server.url())
        .connect_timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_secs(10))
        .retry_policy(fast_retries())
}

/// The standard policy (three attempts), with backoff capped at a few milliseconds.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::standard().with_base_delay(Duration::from_millis(1)).with_max_delay(Duration::from_millis(5))
}

/// Checks what every call must look like on the wire: the method, path `/`, an empty body, a signature of
/// `kind` that the independent verifier accepts, and (V3) the action and version headers.
pub fn assert_call(request: &Recorded, kind: Kind, method: &str, action: &str, version: &str) {
    assert_eq!(request.signed().0, kind, "signature kind");
    assert_eq!(request.method, method, "HTTP method of {action}");
    assert_eq!(request.path, "/", "path of {action}");
    assert!(request.body.is_empty(), "{action} sent a body: {:?}", request.body);
    match kind {
        Kind::V3 => {
            assert_eq!(request.header("x-acs-action"), Some(action), "x-acs-action");
            assert_eq!(request.header("x-acs-version"), Some(version), "x-acs-version");
            let auth = request.header("authorization").unwrap_or_default();
            assert!(auth.starts_with(&format!("ACS3-HMAC-SHA256 Credential={KEY_ID},")), "{auth}");
        }
        Kind::V1 => {
            assert_eq!(request.param("Action"), Some(action), "Action");
            assert_eq!(request.param("Version"), Some(version), "Version");
            assert_eq!(request.header("authorization"), None, "V1 sends no authorization header");
            let acs: Vec<&str> =
                request.headers.keys().map(|n| n.as_str()).filter(|n| n.starts_with("x-acs-")).collect();
            assert!(acs.is_empty(), "V1 sends no x-acs-* headers, got {acs:?}");
        }
    }
}

/// The query parameters, sorted, for comparison with an expected list in any order.
pub fn sorted_query(request: &Recorded) -> Vec<(String, String)> {
    let mut query = request.query.clone();
    query.sort();
    query
}

/// `expected` as owned pairs, sorted.
pub fn sorted(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    pairs.sort();
    pairs
}
