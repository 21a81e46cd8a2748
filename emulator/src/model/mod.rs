//! The emulator's state: instances (RDS instances, PolarDB clusters, PolarDB-X instances, Redis clusters) and
//! their backup sets, with the one notion of time and status every operation reads.
//!
//! Kept free of wire types on purpose: each product's module (`crate::products`) turns these records into
//! its own response shape, so the four Describe operations cannot disagree about what exists. A backup's
//! status is a function of the clock (it is in progress until `started + duration`, then reaches the outcome
//! decided when it was created), so no background task is needed and every reader sees the same state.

mod polardb;
pub mod px_redis;
mod rds;
mod rds_user_backups;
pub mod restore;
mod seed;

pub use polardb::{
    AdvancedPolicy, BackupPolicy, KeepOnRelease, LogBackupPolicy, PolarDbState, ReleasedCluster, TableRestore,
};
pub use px_redis::{PxPolicy, PxRedis, RedisPolicy, Restore, RestoreSource};
pub use rds::{Job, LogFile, RdsState, DATABASES};
pub use rds_user_backups::{UserBackup, UserBackupStatus, UserBackups};
pub use seed::{seed, SEED_ANCHOR};

use std::collections::BTreeMap;
use std::time::Duration;

use time::OffsetDateTime;

use crate::rng::Rng;

/// The four products the emulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Product {
    /// ApsaraDB RDS (`rm-` instances), DescribeBackups.
    Rds,
    /// PolarDB (`pc-` clusters), DescribeBackupTasks.
    PolarDb,
    /// PolarDB-X (`pxc-` instances), CreateBackup and DescribeBackupSetList.
    PolarDbX,
    /// Redis / Tair (`r-` cluster instances), DescribeClusterBackupList.
    Redis,
}

impl Product {
    /// Every product.
    pub const ALL: [Product; 4] = [Product::Rds, Product::PolarDb, Product::PolarDbX, Product::Redis];

    /// The id prefix of the product's instances.
    pub fn prefix(self) -> &'static str {
        match self {
            Product::Rds => "rm",
            Product::PolarDb => "pc",
            Product::PolarDbX => "pxc",
            Product::Redis => "r",
        }
    }
}

/// An instance (or cluster) that has backups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// `rm-emu000001`, `pc-emu000001`, `pxc-emu000001`, `r-emu000001`.
    pub id: String,
    /// Its product.
    pub product: Product,
    /// Its region.
    pub region: String,
}

/// How a backup ends once its time is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The backup succeeds.
    Success,
    /// The backup fails.
    Failed,
}

/// A backup's status at some instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Still running.
    InProgress,
    /// Finished and usable.
    Success,
    /// Finished and failed.
    Failed,
}

/// Who started a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The backup policy.
    Automated,
    /// A user (CreateBackup).
    Manual,
}

/// What kind of backup it is; each product shows the kinds it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// RDS full backup; PolarDB-X consistent backup; Redis full backup.
    Full,
    /// RDS incremental backup.
    Incremental,
    /// PolarDB-X fast backup.
    Fast,
}

/// One backup set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// Unique over all products.
    pub id: u64,
    /// The instance it belongs to.
    pub instance: String,
    /// When it started.
    pub started: OffsetDateTime,
    /// How long it runs.
    pub duration: Duration,
    /// When it finishes: `started + duration`, kept so that listings compare instead of adding dates.
    pub ends: OffsetDateTime,
    /// How it ends.
    pub outcome: Outcome,
    /// Who started it.
    pub mode: Mode,
    /// What kind it is.
    pub kind: Kind,
    /// Its size in bytes once finished.
    pub size: i64,
}

impl Backup {
    /// When it finishes (or finished).
    pub fn finished(&self) -> OffsetDateTime {
        self.ends
    }

    /// Its status at `now`.
    pub fn status(&self, now: OffsetDateTime) -> Status {
        if now < self.finished() {
            Status::InProgress
        } else if self.outcome == Outcome::Success {
            Status::Success
        } else {
            Status::Failed
        }
    }

    /// How far along it is at `now`, from 0 to 100.
    pub fn progress(&self, now: OffsetDateTime) -> u8 {
        let total = self.duration.as_secs_f64();
        if total <= 0.0 || now >= self.finished() {
            return 100;
        }
        let done = (now - self.started).as_seconds_f64().max(0.0);
        ((done / total) * 100.0).clamp(0.0, 99.0) as u8
    }
}

/// A backup as a reader sees it at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// The record.
    pub backup: Backup,
    /// Its status at the instant of the read.
    pub status: Status,
}

/// What a Describe operation asks for. Every bound is inclusive; `None` does not filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Backups that started at or after this.
    pub start: Option<OffsetDateTime>,
    /// Backups that started at or before this.
    pub end: Option<OffsetDateTime>,
    /// Only this status.
    pub status: Option<Status>,
    /// Only this mode.
    pub mode: Option<Mode>,
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only this backup.
    pub id: Option<u64>,
    /// Only finished backups (succeeded or failed).
    pub finished: bool,
}

/// A backup and its status, borrowed, for filtering without copying.
struct ViewRef<'a> {
    backup: &'a Backup,
    status: Status,
}

impl Filter {
    fn matches(&self, view: &View) -> bool {
        self.matches_ref(&ViewRef { backup: &view.backup, status: view.status })
    }

    fn matches_ref(&self, view: &ViewRef<'_>) -> bool {
        let b = view.backup;
        self.start.is_none_or(|t| b.started >= t)
            && self.end.is_none_or(|t| b.started <= t)
            && self.status.is_none_or(|s| view.status == s)
            && self.mode.is_none_or(|m| b.mode == m)
            && self.kind.is_none_or(|k| b.kind == k)
            && self.id.is_none_or(|id| b.id == id)
            && !(self.finished && view.status == Status::InProgress)
    }
}

/// Settings that shape new backups.
#[derive(Debug, Clone)]
pub struct BackupSettings {
    /// How long a created backup stays in progress.
    pub delay: Duration,
    /// The probability that a created backup fails.
    pub failure_rate: f64,
}

/// Everything the emulator knows.
#[derive(Debug)]
pub struct State {
    instances: BTreeMap<String, Instance>,
    /// Per instance, its backups ordered by (start, id), oldest first.
    backups: BTreeMap<String, Vec<Backup>>,
    next_id: u64,
    rng: Rng,
    /// Outcomes forced for the next created backups, before the failure rate is consulted.
    forced: Vec<Outcome>,
    /// Settings for created backups.
    pub settings: BackupSettings,
    /// How many backups CreateBackup (or the handle) created.
    pub created: u64,
    /// RDS-only records: backup policies, backup jobs, released instances.
    pub rds: RdsState,
    /// PolarDB-X and Redis backup policies and Redis restores.
    pub px_redis: PxRedis,
    /// PolarDB's policies, released clusters and restores (see `polardb.rs`).
    pub polardb: PolarDbState,
    /// RDS clones, recoveries, table restores and cross-region backup policies.
    pub restore: restore::RestoreState,
    /// RDS user backups imported from OSS (see `rds_user_backups.rs`).
    pub rds_user_backups: UserBackups,
}

impl State {
    /// An empty state whose random choices follow `seed`.
    pub fn new(seed: u64, settings: BackupSettings) -> Self {
        State {
            instances: BTreeMap::new(),
            backups: BTreeMap::new(),
            next_id: 100_000,
            rng: Rng::new(seed),
            forced: Vec::new(),
            settings,
            created: 0,
            rds: RdsState::default(),
            px_redis: PxRedis::default(),
            polardb: PolarDbState::default(),
            restore: restore::RestoreState::default(),
            rds_user_backups: UserBackups::default(),
        }
    }

    /// The random generator of generated data.
    pub(crate) fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    /// Adds an instance (replacing one with the same id).
    pub fn add_instance(&mut self, instance: Instance) {
        self.backups.entry(instance.id.clone()).or_default();
        self.instances.insert(instance.id.clone(), instance);
    }

    /// An instance of `product` with this id (and region, when given).
    pub fn instance(&self, product: Product, id: &str, region: Option<&str>) -> Option<&Instance> {
        self.instances.get(id).filter(|i| i.product == product && region.is_none_or(|r| r == i.region))
    }

    /// Every instance, by id.
    pub fn instances(&self) -> impl Iterator<Item = &Instance> {
        self.instances.values()
    }

    /// Adds a backup record as is (ids must be fresh: use [`State::next_id`]).
    pub fn insert(&mut self, backup: Backup) {
        let list = self.backups.entry(backup.instance.clone()).or_default();
        let key = (backup.started, backup.id);
        let at = list.partition_point(|b| (b.started, b.id) <= key);
        list.insert(at, backup);
    }

    /// A fresh backup id.
    pub fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Makes the next `outcomes.len()` created backups end this way, in order.
    pub fn force_outcomes(&mut self, outcomes: &[Outcome]) {
        self.forced.extend_from_slice(outcomes);
    }

    /// Starts a backup of `instance` at `now`: in progress for the configured delay, then succeeding or
    /// failing per the forced outcomes or the failure rate.
    pub fn start_backup(&mut self, instance: &str, mode: Mode, kind: Kind, now: OffsetDateTime) -> u64 {
        let id = self.next_id();
        let outcome = if self.forced.is_empty() {
            let rate = self.settings.failure_rate;
            if self.rng.chance(rate) {
                Outcome::Failed
            } else {
                Outcome::Success
            }
        } else {
            self.forced.remove(0)
        };
        let size = 64 * 1024 * 1024 + i64::try_from(self.rng.below(1 << 30)).unwrap_or(0);
        let backup = Backup {
            id,
            instance: instance.to_owned(),
            started: now,
            duration: self.settings.delay,
            ends: now + self.settings.delay,
            outcome,
            mode,
            kind,
            size,
        };
        self.insert(backup);
        self.created += 1;
        id
    }

    /// The backups of `instance` that match `filter` at `now`, newest first.
    pub fn list(&self, instance: &str, filter: &Filter, now: OffsetDateTime) -> Vec<View> {
        self.in_range(instance, filter)
            .iter()
            .rev()
            .map(|b| View { status: b.status(now), backup: b.clone() })
            .filter(|v| filter.matches(v))
            .collect()
    }

    /// The number of backups of `instance` matching `filter` at `now`, and page `number` (from 1) of `size`
    /// of them, newest first. Only the page's records are copied, so a large listing pages cheaply.
    pub fn page(
        &self,
        instance: &str,
        filter: &Filter,
        now: OffsetDateTime,
        number: i32,
        size: i32,
    ) -> (usize, Vec<View>) {
        let list = self.in_range(instance, filter);
        let skip = usize::try_from(number.max(1) - 1).unwrap_or(0).saturating_mul(usize::try_from(size).unwrap_or(0));
        let take = usize::try_from(size).unwrap_or(0);
        let (mut total, mut page) = (0, Vec::new());
        for b in list.iter().rev() {
            let status = b.status(now);
            let matches = {
                let view = ViewRef { backup: b, status };
                filter.matches_ref(&view)
            };
            if matches {
                if total >= skip && page.len() < take {
                    page.push(View { backup: b.clone(), status });
                }
                total += 1;
            }
        }
        (total, page)
    }

    /// The backups of `instance` that started within the filter's time range (the list is sorted by start,
    /// so the range is found by binary search instead of a scan).
    fn in_range(&self, instance: &str, filter: &Filter) -> &[Backup] {
        let list = self.backups.get(instance).map(Vec::as_slice).unwrap_or_default();
        let low = filter.start.map_or(0, |start| list.partition_point(|b| b.started < start));
        let high = filter.end.map_or(list.len(), |end| list.partition_point(|b| b.started <= end));
        list.get(low..high.max(low)).unwrap_or_default()
    }

    /// One backup by id, at `now`.
    pub fn find(&self, id: u64, now: OffsetDateTime) -> Option<View> {
        self.backups.values().flatten().find(|b| b.id == id).map(|b| View { status: b.status(now), backup: b.clone() })
    }

    /// The bytes of the succeeded backups of `instance` at `now`.
    pub fn total_size(&self, instance: &str, now: OffsetDateTime) -> i64 {
        let list = self.backups.get(instance).map(Vec::as_slice).unwrap_or_default();
        list.iter().filter(|b| b.status(now) == Status::Success).map(|b| b.size).sum()
    }

    /// How many backups exist in all.
    pub fn len(&self) -> usize {
        self.backups.values().map(Vec::len).sum()
    }

    /// Whether there is no backup at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn state() -> State {
        let mut s = State::new(1, BackupSettings { delay: Duration::from_secs(60), failure_rate: 0.0 });
        s.add_instance(Instance { id: "pxc-1".into(), product: Product::PolarDbX, region: "cn-hangzhou".into() });
        s
    }

    #[test]
    fn created_backups_run_then_reach_their_outcome() {
        let mut s = state();
        let t0 = datetime!(2024-01-01 00:00 UTC);
        s.force_outcomes(&[Outcome::Failed]);
        let failed = s.start_backup("pxc-1", Mode::Manual, Kind::Fast, t0);
        let ok = s.start_backup("pxc-1", Mode::Manual, Kind::Fast, t0);
        assert_eq!(s.find(ok, t0).map(|v| v.status), Some(Status::InProgress));
        let later = t0 + Duration::from_secs(61);
        assert_eq!(s.find(ok, later).map(|v| v.status), Some(Status::Success));
        assert_eq!(s.find(failed, later).map(|v| v.status), Some(Status::Failed));
        assert_eq!(s.created, 2);
    }

    #[test]
    fn lists_are_newest_first_and_filtered() {
        let mut s = state();
        let t0 = datetime!(2024-01-01 00:00 UTC);
        let a = s.start_backup("pxc-1", Mode::Manual, Kind::Fast, t0);
        let b = s.start_backup("pxc-1", Mode::Manual, Kind::Full, t0 + Duration::from_secs(10));
        let now = t0 + Duration::from_secs(3600);
        let ids: Vec<u64> = s.list("pxc-1", &Filter::default(), now).iter().map(|v| v.backup.id).collect();
        assert_eq!(ids, [b, a]);
        let fast = Filter { kind: Some(Kind::Fast), ..Filter::default() };
        assert_eq!(s.list("pxc-1", &fast, now).len(), 1);
        let early = Filter { end: Some(t0 + Duration::from_secs(5)), ..Filter::default() };
        assert_eq!(s.list("pxc-1", &early, now)[0].backup.id, a);
    }

    #[test]
    fn state_pages_count_every_match_and_copy_one_page() {
        let mut s = state();
        let t0 = datetime!(2024-01-01 00:00 UTC);
        let ids: Vec<u64> =
            (0..5).map(|i| s.start_backup("pxc-1", Mode::Manual, Kind::Fast, t0 + Duration::from_secs(i))).collect();
        let (total, page) = s.page("pxc-1", &Filter::default(), t0, 2, 2);
        assert_eq!(total, 5);
        assert_eq!(page.iter().map(|v| v.backup.id).collect::<Vec<_>>(), [ids[2], ids[1]]);
        let finished = Filter { finished: true, ..Filter::default() };
        assert_eq!(s.page("pxc-1", &finished, t0, 1, 30).0, 0, "all still running");
    }
}
