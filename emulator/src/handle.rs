//! The emulator's shared state, and the [`Handle`] tests and tools use to inspect and steer it.
//!
//! Everything a request touches lives in [`Shared`] behind short-lived locks; the handle is the only way in
//! from outside, so what a test can observe (backups, counts per action and status) is exactly what the
//! HTTP side produced.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use runtime::server::auth::Verifier;
use time::OffsetDateTime;

use crate::faults::{Fault, FaultPlan, Faults};
use crate::model::{self, BackupSettings, Instance, Kind, Mode, Outcome, Product, State, View};
use crate::Config;

/// What one action saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionStats {
    /// Requests that named the action, counted as they arrive (refused signatures included).
    pub requests: u64,
    /// Answers by HTTP status (a dropped connection counts under 0).
    pub statuses: BTreeMap<u16, u64>,
}

/// What the HTTP side allows a client (see [`Config`]).
pub(crate) struct Limits {
    pub(crate) max_body_bytes: usize,
    pub(crate) header_read_timeout: Duration,
    pub(crate) idle_timeout: Duration,
    pub(crate) max_connections: usize,
}

/// The most distinct action names counted; later new names are counted under [`OTHER_ACTIONS`].
const MAX_COUNTED_ACTIONS: usize = 256;
/// Where requests are counted whose action is not a plausible name (1 to 64 ASCII letters and digits), or is
/// a new name after the first 256.
pub const OTHER_ACTIONS: &str = "(other)";

/// The name an action is counted under: as sent when it looks like an action name (1 to 64 ASCII letters
/// and digits), else [`OTHER_ACTIONS`], so that unsigned garbage cannot grow the statistics.
fn counted_name<'a>(stats: &BTreeMap<String, ActionStats>, action: &'a str) -> &'a str {
    let plausible = (1..=64).contains(&action.len()) && action.bytes().all(|b| b.is_ascii_alphanumeric());
    if plausible && (stats.contains_key(action) || stats.len() < MAX_COUNTED_ACTIONS) {
        action
    } else {
        OTHER_ACTIONS
    }
}

pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) verifier: Verifier,
    stats: Mutex<BTreeMap<String, ActionStats>>,
    auth_failures: Mutex<BTreeMap<String, u64>>,
    counter: AtomicU64,
    seed: u64,
    pub(crate) retry_after: Duration,
    pub(crate) limits: Limits,
}

impl Shared {
    pub(crate) fn new(config: &Config) -> Self {
        let settings = BackupSettings { delay: config.backup_delay, failure_rate: config.failure_rate };
        let mut state = State::new(config.seed, settings);
        model::seed(&mut state, config.instances, config.backups, OffsetDateTime::now_utc());
        Shared {
            state: Mutex::new(state),
            faults: Mutex::new(Faults::new(config.seed)),
            verifier: Verifier::new(config.keys.iter().cloned()),
            stats: Mutex::new(BTreeMap::new()),
            auth_failures: Mutex::new(BTreeMap::new()),
            counter: AtomicU64::new(0),
            seed: config.seed,
            retry_after: config.retry_after,
            limits: Limits {
                max_body_bytes: config.max_body_bytes,
                header_read_timeout: config.header_read_timeout,
                idle_timeout: config.idle_timeout,
                max_connections: config.max_connections,
            },
        }
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// A request id shaped like the service's (`8-4-4-4-12` upper-case hex), unique per request.
    pub(crate) fn next_request_id(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let mut rng = crate::rng::Rng::new(self.seed.rotate_left(17) ^ n);
        let (a, b) = (rng.next_u64(), rng.next_u64());
        format!(
            "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }

    /// Counts a request of `action` as it arrives, so a test sees it even while its answer is delayed.
    pub(crate) fn record_request(&self, action: &str) {
        let mut stats = lock(&self.stats);
        let name = counted_name(&stats, action).to_owned();
        stats.entry(name).or_default().requests += 1;
    }

    /// Counts the answer to a request of `action` (0 for a dropped connection).
    pub(crate) fn record_answer(&self, action: &str, status: u16) {
        let mut stats = lock(&self.stats);
        let name = counted_name(&stats, action).to_owned();
        *stats.entry(name).or_default().statuses.entry(status).or_default() += 1;
    }

    pub(crate) fn record_auth_failure(&self, code: &str) {
        *lock(&self.auth_failures).entry(code.to_owned()).or_default() += 1;
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Inspects and controls a running emulator. Cheap to clone.
#[derive(Clone)]
pub struct Handle {
    shared: Arc<Shared>,
    url: String,
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle").field("url", &self.url).finish_non_exhaustive()
    }
}

impl Handle {
    pub(crate) fn new(shared: Arc<Shared>, url: String) -> Self {
        Handle { shared, url }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Accepts one more key.
    pub fn add_key(&self, id: &str, secret: &str) {
        self.shared.verifier.add_key(id, secret);
    }

    /// Stops accepting a key: its requests get `InvalidAccessKeyId.NotFound`.
    pub fn remove_key(&self, id: &str) {
        self.shared.verifier.remove_key(id);
    }

    /// Sets fault rates for `action` ([`crate::ANY_ACTION`] for all).
    pub fn set_faults(&self, action: &str, plan: FaultPlan) {
        lock(&self.shared.faults).set_plan(action, plan);
    }

    /// Makes the next `times` requests of `action` ([`crate::ANY_ACTION`] for all) meet `fault`.
    pub fn inject(&self, action: &str, fault: Fault, times: usize) {
        lock(&self.shared.faults).inject(action, fault, times);
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// How long created backups stay in progress from now on.
    pub fn set_backup_delay(&self, delay: Duration) {
        self.shared.state().settings.delay = delay;
    }

    /// The probability that a created backup fails, from now on.
    pub fn set_failure_rate(&self, rate: f64) {
        self.shared.state().settings.failure_rate = rate;
    }

    /// Makes the next created backups end with these outcomes, in order.
    pub fn force_outcomes(&self, outcomes: &[Outcome]) {
        self.shared.state().force_outcomes(outcomes);
    }

    /// Adds an instance of `product` in `region`.
    pub fn add_instance(&self, product: Product, id: &str, region: &str) {
        self.shared.state().add_instance(Instance { id: id.to_owned(), product, region: region.to_owned() });
    }

    /// Every instance.
    pub fn instances(&self) -> Vec<Instance> {
        self.shared.state().instances().cloned().collect()
    }

    /// Starts a backup of any instance now (as CreateBackup does for PolarDB-X); returns its id.
    pub fn start_backup(&self, instance: &str, mode: Mode) -> u64 {
        self.shared.state().start_backup(instance, mode, Kind::Full, OffsetDateTime::now_utc())
    }

    /// Releases an RDS instance: it is no longer found by id, and its backups are listed by
    /// DescribeDetachedBackups. Returns false when there is no such RDS instance.
    pub fn release_instance(&self, id: &str) -> bool {
        self.shared.state().release_instance(id)
    }

    /// Releases the PolarDB cluster `id` now, keeping the backups its policy's
    /// `BackupRetentionPolicyOnClusterDeletion` says (there is no release operation in the emulated API);
    /// false when there is no such cluster.
    pub fn release_polardb_cluster(&self, id: &str) -> bool {
        self.shared.state().release_polardb_cluster(id, OffsetDateTime::now_utc())
    }

    /// The table restores PolarDB RestoreTable accepted, oldest first.
    pub fn polardb_table_restores(&self) -> Vec<model::TableRestore> {
        self.shared.state().polardb.restores.clone()
    }

    /// The backups of `instance`, newest first, as of now.
    pub fn backups(&self, instance: &str) -> Vec<View> {
        self.shared.state().list(instance, &model::Filter::default(), OffsetDateTime::now_utc())
    }

    /// One backup by id, as of now.
    pub fn backup(&self, id: u64) -> Option<View> {
        self.shared.state().find(id, OffsetDateTime::now_utc())
    }

    /// How many backups were created since the start (CreateBackup calls that were processed).
    pub fn created_backups(&self) -> u64 {
        self.shared.state().created
    }

    /// What each action saw so far.
    pub fn stats(&self) -> BTreeMap<String, ActionStats> {
        lock(&self.shared.stats).clone()
    }

    /// The requests of one action so far.
    pub fn requests(&self, action: &str) -> u64 {
        lock(&self.shared.stats).get(action).map_or(0, |s| s.requests)
    }

    /// Refused signatures so far, by error code.
    pub fn auth_failures(&self) -> BTreeMap<String, u64> {
        lock(&self.shared.auth_failures).clone()
    }
}
