//! A local emulator of the five Alibaba Cloud backup APIs (RDS DescribeBackups, PolarDB DescribeBackupTasks,
//! PolarDB-X CreateBackup and DescribeBackupSetList, Redis/Tair DescribeClusterBackupList).
//!
//! It exists so that the SDK, and any other client (the official Python SDKs among them), can be exercised
//! without the cloud: it speaks the same protocol, checks V3 and V1 signatures with its own keys, keeps a
//! consistent in-memory model of instances and backup sets, pages and filters as the API reference pages
//! document, and misbehaves on demand (throttling, 5xx, latency, dropped connections).
//!
//! Decoding requests, checking parameters and encoding responses is the generated code's (each product's
//! `server` module, from the same specs as the client); this crate adds HTTP (`http`),
//! signatures (through `runtime::server::auth`), the state ([`model`]), the product logic (`products`) and
//! fault injection ([`faults`]).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let emulator = emulator::Emulator::start(emulator::Config::default().backups(100)).await?;
//! println!("listening on {}", emulator.url());
//! let created = emulator.handle().created_backups();
//! # let _ = created; Ok(()) }
//! ```

pub mod faults;
mod handle;
mod http;
pub mod model;
mod products;
mod rng;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use faults::{Fault, FaultPlan, ANY_ACTION};
pub use handle::{ActionStats, Handle};

/// The AccessKey ID the emulator accepts unless configured otherwise.
pub const DEFAULT_KEY_ID: &str = "LTAI5tEmulatorKey0001";
/// The secret of [`DEFAULT_KEY_ID`].
pub const DEFAULT_KEY_SECRET: &str = "emulator-secret-do-not-use-elsewhere";

/// How to start an emulator.
#[derive(Debug, Clone)]
pub struct Config {
    /// The port on 127.0.0.1 (0: any free port).
    pub port: u16,
    /// The seed of generated data and fault decisions.
    pub seed: u64,
    /// Instances generated per product.
    pub instances: usize,
    /// Finished backups generated per instance.
    pub backups: usize,
    /// Accepted `(AccessKey ID, secret)` pairs.
    pub keys: Vec<(String, String)>,
    /// How long a created backup stays in progress.
    pub backup_delay: Duration,
    /// The probability that a created backup fails.
    pub failure_rate: f64,
    /// The `x-acs-retry-after` sent with throttling answers.
    pub retry_after: Duration,
}

impl Default for Config {
    /// Any port, seed 1, one instance per product with 20 backups each, the default key, backups that take
    /// 2 seconds and never fail, and 100 ms of retry-after.
    fn default() -> Self {
        Config {
            port: 0,
            seed: 1,
            instances: 1,
            backups: 20,
            keys: vec![(DEFAULT_KEY_ID.to_owned(), DEFAULT_KEY_SECRET.to_owned())],
            backup_delay: Duration::from_secs(2),
            failure_rate: 0.0,
            retry_after: Duration::from_millis(100),
        }
    }
}

impl Config {
    /// The port.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Backups generated per instance.
    pub fn backups(mut self, backups: usize) -> Self {
        self.backups = backups;
        self
    }

    /// Instances generated per product.
    pub fn instances(mut self, instances: usize) -> Self {
        self.instances = instances;
        self
    }

    /// How long a created backup stays in progress.
    pub fn backup_delay(mut self, delay: Duration) -> Self {
        self.backup_delay = delay;
        self
    }

    /// The probability that a created backup fails.
    pub fn failure_rate(mut self, rate: f64) -> Self {
        self.failure_rate = rate;
        self
    }

    /// The `x-acs-retry-after` of throttling answers.
    pub fn retry_after(mut self, delay: Duration) -> Self {
        self.retry_after = delay;
        self
    }

    /// One more accepted key.
    pub fn key(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.keys.push((id.into(), secret.into()));
        self
    }
}

/// A running emulator. Dropping it stops accepting connections.
#[derive(Debug)]
pub struct Emulator {
    url: String,
    addr: SocketAddr,
    handle: Handle,
    task: tokio::task::JoinHandle<()>,
}

impl Emulator {
    /// Starts an emulator on 127.0.0.1 (inside the current Tokio runtime).
    pub async fn start(config: Config) -> io::Result<Emulator> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(handle::Shared::new(&config));
        let handle = Handle::new(Arc::clone(&shared), format!("http://{addr}"));
        let task = tokio::spawn(http::serve(listener, shared));
        Ok(Emulator { url: format!("http://{addr}"), addr, handle, task })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A handle to inspect and control the state.
    pub fn handle(&self) -> &Handle {
        &self.handle
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.task.abort();
    }
}
