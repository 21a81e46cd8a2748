//! A local emulator of the five Alibaba Cloud backup APIs (RDS DescribeBackups, PolarDB DescribeBackupTasks,
//! PolarDB-X CreateBackup and DescribeBackupSetList, Redis/Tair DescribeClusterBackupList).
//!
//! It exists so that the SDK, and any other client (the official Python SDKs among them), can be exercised
//! without the cloud: it speaks the same protocol, checks V3 and V1 signatures with its own keys, keeps a
//! consistent in-memory model of instances and backup sets, pages and filters as the API reference pages
//! document, and misbehaves on demand (throttling, 5xx, latency, dropped connections) while holding up when
//! a client misbehaves (bounded bodies, connections and messages; read and idle timeouts).
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
pub use handle::{ActionStats, Handle, OTHER_ACTIONS};

/// The AccessKey ID the emulator accepts unless configured otherwise.
pub const DEFAULT_KEY_ID: &str = "LTAI5tEmulatorKey0001";
/// The secret of [`DEFAULT_KEY_ID`].
pub const DEFAULT_KEY_SECRET: &str = "emulator-secret-do-not-use-elsewhere";

/// How to start an emulator. Its `Debug` shows the key ids, never their secrets.
#[derive(Clone)]
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
    /// The largest request body read; a longer one is answered 413 `RequestBodyTooLarge`.
    pub max_body_bytes: usize,
    /// How long a request head, and then its body, may take to arrive; also how long a keep-alive connection
    /// may wait for its next request.
    pub header_read_timeout: Duration,
    /// How long a connection may go without a byte moved either way before it is closed.
    pub idle_timeout: Duration,
    /// The most connections served at once; more wait until one closes.
    pub max_connections: usize,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let key_ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("Config")
            .field("port", &self.port)
            .field("seed", &self.seed)
            .field("instances", &self.instances)
            .field("backups", &self.backups)
            .field("key_ids", &key_ids)
            .field("backup_delay", &self.backup_delay)
            .field("failure_rate", &self.failure_rate)
            .field("retry_after", &self.retry_after)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

impl Default for Config {
    /// Any port, seed 1, one instance per product with 20 backups each, the default key, backups that take
    /// 2 seconds and never fail, 100 ms of retry-after, bodies up to 64 KiB, 10 s to send a request, 60 s
    /// of idleness and 512 connections at most.
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
            max_body_bytes: 64 * 1024,
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 512,
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

    /// The largest request body read.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// How long a request head, and then its body, may take to arrive.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a connection may stay idle.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// The most connections served at once.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections;
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
    /// Starts an emulator on 127.0.0.1 (inside the current Tokio runtime). When the port cannot be had, the
    /// error (of the operating system's kind, e.g. `AddrInUse`) names it.
    pub async fn start(config: Config) -> io::Result<Emulator> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port))
            .await
            .map_err(|e| io::Error::new(e.kind(), format!("cannot listen on 127.0.0.1:{}: {e}", config.port)))?;
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

    /// Points this process's environment at the emulator: `ALIBABA_CLOUD_ENDPOINT` to its URL and the access
    /// key variables to [`DEFAULT_KEY_ID`] and [`DEFAULT_KEY_SECRET`], so that `Config::from_env()` reaches it.
    /// For examples and doctests, which are their own processes: the environment is the whole process's, so a
    /// test binary running several emulators at once should configure its clients directly instead.
    pub fn export_env(&self) {
        std::env::set_var("ALIBABA_CLOUD_ENDPOINT", &self.url);
        std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_ID", DEFAULT_KEY_ID);
        std::env::set_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", DEFAULT_KEY_SECRET);
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.task.abort();
    }
}
