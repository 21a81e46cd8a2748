//! PolarDB's own state, beside the backups every product shares: each cluster's backup policy and log backup
//! policy, the notes and idempotency tokens of manual backups, released clusters (whose kept backups stay in
//! [`State`]'s backup lists under the released id), and the table restores asked for.
//!
//! Kept apart from the shared model on purpose: only `crate::products::polardb` and the handle read it.

use std::collections::BTreeMap;
use std::time::Duration;

use time::OffsetDateTime;

use super::{Instance, Product, State, Status};

/// Which backups are kept when a cluster is released (`BackupRetentionPolicyOnClusterDeletion`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeepOnRelease {
    /// Every finished backup.
    All,
    /// The newest succeeded backup.
    Latest,
    /// None (the service's default).
    #[default]
    Nothing,
}

/// One per-destination policy of the advanced backup policy (data or log), as the caller wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AdvancedPolicy {
    /// Assigned on creation (`CREATE`).
    pub id: String,
    /// The policy's members as the wire has them, by wire name (`SrcType`, `RetentionValue`, ...).
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// A cluster's automatic backup policy. Strings are kept as the wire has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupPolicy {
    pub preferred_backup_time: String,
    pub preferred_backup_period: String,
    pub backup_frequency: String,
    pub level1_frequency: String,
    pub level1_time: String,
    pub level1_period: String,
    pub level1_retention_days: i32,
    pub level2_period: String,
    pub level2_retention_days: i32,
    pub level2_cross_region: String,
    pub level2_cross_region_retention_days: i32,
    pub keep_on_release: KeepOnRelease,
    /// `BackupPolicyLevel=Advanced` was set (it cannot be undone).
    pub advanced: bool,
    pub advanced_policies: Vec<AdvancedPolicy>,
}

impl Default for BackupPolicy {
    /// What a new cluster has: a daily backup at 07:00Z-08:00Z every day, level-1 backups kept 7 days, level-2
    /// backup off, nothing kept on release.
    fn default() -> Self {
        const EVERY_DAY: &str = "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday";
        BackupPolicy {
            preferred_backup_time: "07:00Z-08:00Z".to_owned(),
            preferred_backup_period: EVERY_DAY.to_owned(),
            backup_frequency: "Normal".to_owned(),
            level1_frequency: "Normal".to_owned(),
            level1_time: "07:00Z-08:00Z".to_owned(),
            level1_period: EVERY_DAY.to_owned(),
            level1_retention_days: 7,
            level2_period: EVERY_DAY.to_owned(),
            level2_retention_days: 0,
            level2_cross_region: String::new(),
            level2_cross_region_retention_days: 0,
            keep_on_release: KeepOnRelease::Nothing,
            advanced: false,
            advanced_policies: Vec::new(),
        }
    }
}

/// A cluster's log backup policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogBackupPolicy {
    /// Days (3 to 7300), or -1 for indefinitely.
    pub retention_days: i32,
    pub cross_region: String,
    /// 0 (off), 30 to 7300 days, or -1.
    pub cross_region_retention_days: i32,
    pub advanced_policies: Vec<AdvancedPolicy>,
}

impl Default for LogBackupPolicy {
    /// Logs kept 7 days, no cross-region copy.
    fn default() -> Self {
        LogBackupPolicy {
            retention_days: 7,
            cross_region: String::new(),
            cross_region_retention_days: 0,
            advanced_policies: Vec::new(),
        }
    }
}

/// A cluster that was released, kept while backups it left remain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleasedCluster {
    /// The cluster as it was.
    pub instance: Instance,
    /// When it was released.
    pub released: OffsetDateTime,
}

/// A table restore the emulator accepted (RestoreTable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRestore {
    pub cluster: String,
    /// The backup set restored from, or `None` for a point in time.
    pub backup: Option<u64>,
    /// The point in time restored to (the backup's consistent time when restoring from a backup set).
    pub time: OffsetDateTime,
    /// The TableMeta JSON as sent.
    pub table_meta: String,
}

/// Everything PolarDB keeps beyond the shared backups.
#[derive(Debug, Default)]
pub struct PolarDbState {
    policies: BTreeMap<String, BackupPolicy>,
    log_policies: BTreeMap<String, LogBackupPolicy>,
    /// Notes of manual backups, by backup id.
    pub comments: BTreeMap<u64, String>,
    /// CreateBackup's ClientToken, per cluster, and the backup it started.
    pub tokens: BTreeMap<(String, String), u64>,
    released: BTreeMap<String, ReleasedCluster>,
    /// Accepted table restores, oldest first.
    pub restores: Vec<TableRestore>,
    next_policy: u64,
}

impl PolarDbState {
    /// The backup policy of `cluster` (the default one until changed).
    pub fn policy(&self, cluster: &str) -> BackupPolicy {
        self.policies.get(cluster).cloned().unwrap_or_default()
    }

    /// Replaces the backup policy of `cluster`.
    pub fn set_policy(&mut self, cluster: &str, policy: BackupPolicy) {
        self.policies.insert(cluster.to_owned(), policy);
    }

    /// The log backup policy of `cluster`.
    pub fn log_policy(&self, cluster: &str) -> LogBackupPolicy {
        self.log_policies.get(cluster).cloned().unwrap_or_default()
    }

    /// Replaces the log backup policy of `cluster`.
    pub fn set_log_policy(&mut self, cluster: &str, policy: LogBackupPolicy) {
        self.log_policies.insert(cluster.to_owned(), policy);
    }

    /// A fresh advanced policy id.
    pub fn next_policy_id(&mut self) -> String {
        self.next_policy += 1;
        format!("{:032x}", 0x9f6e_3f3f_dd6e_4b2a_u128 << 64 | u128::from(self.next_policy))
    }

    /// The released cluster with this id.
    pub fn released(&self, id: &str) -> Option<&ReleasedCluster> {
        self.released.get(id)
    }

    /// Every released cluster, by id.
    pub fn released_clusters(&self) -> impl Iterator<Item = &ReleasedCluster> {
        self.released.values()
    }
}

impl State {
    /// Releases the PolarDB cluster `id` at `now`: the cluster is gone (its operations answer NotFound), its
    /// running backups stop, and its finished backups are kept or dropped as its policy's
    /// `BackupRetentionPolicyOnClusterDeletion` says. A cluster that keeps backups is listed by
    /// DescribeDBClustersWithBackups (released) and DescribeDetachedBackups until they are all deleted.
    /// Returns false when there is no such cluster.
    pub fn release_polardb_cluster(&mut self, id: &str, now: OffsetDateTime) -> bool {
        let Some(instance) = self.instances.get(id).filter(|i| i.product == Product::PolarDb).cloned() else {
            return false;
        };
        self.instances.remove(id);
        let keep = self.polardb.policy(id).keep_on_release;
        let list = self.backups.entry(id.to_owned()).or_default();
        list.retain(|b| b.status(now) != Status::InProgress);
        match keep {
            KeepOnRelease::All => {}
            KeepOnRelease::Latest => {
                let latest = list.iter().rev().find(|b| b.status(now) == Status::Success).map(|b| b.id);
                list.retain(|b| Some(b.id) == latest);
            }
            KeepOnRelease::Nothing => list.clear(),
        }
        if !list.is_empty() {
            self.polardb.released.insert(id.to_owned(), ReleasedCluster { instance, released: now });
        }
        true
    }

    /// Deletes the backups `ids` of `cluster` (a live or a released one). A released cluster with no backup left
    /// is forgotten.
    pub fn delete_backups(&mut self, cluster: &str, ids: &[u64]) {
        if let Some(list) = self.backups.get_mut(cluster) {
            list.retain(|b| !ids.contains(&b.id));
            if list.is_empty() && self.polardb.released.remove(cluster).is_some() {
                self.backups.remove(cluster);
            }
        }
        for id in ids {
            self.polardb.comments.remove(id);
        }
    }

    /// How many manual backups of `cluster` started in the 24 hours before `now` still exist.
    pub fn recent_manual_backups(&self, cluster: &str, now: OffsetDateTime) -> usize {
        let since = now - Duration::from_secs(24 * 3600);
        let list = self.backups.get(cluster).map(Vec::as_slice).unwrap_or_default();
        list.iter().filter(|b| b.mode == super::Mode::Manual && b.started >= since).count()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BackupSettings, Kind, Mode};
    use super::*;
    use time::macros::datetime;

    fn state(keep: KeepOnRelease) -> State {
        let mut s = State::new(1, BackupSettings { delay: Duration::from_secs(60), failure_rate: 0.0 });
        s.add_instance(Instance { id: "pc-1".into(), product: Product::PolarDb, region: "cn-hangzhou".into() });
        let policy = BackupPolicy { keep_on_release: keep, ..BackupPolicy::default() };
        s.polardb.set_policy("pc-1", policy);
        s
    }

    #[test]
    fn release_keeps_what_the_policy_says() {
        let t0 = datetime!(2024-01-01 00:00 UTC);
        let later = t0 + Duration::from_secs(3600);
        for (keep, kept) in [(KeepOnRelease::All, 2), (KeepOnRelease::Latest, 1), (KeepOnRelease::Nothing, 0)] {
            let mut s = state(keep);
            s.start_backup("pc-1", Mode::Manual, Kind::Full, t0);
            s.start_backup("pc-1", Mode::Manual, Kind::Full, t0 + Duration::from_secs(10));
            s.start_backup("pc-1", Mode::Manual, Kind::Full, later);
            assert!(s.release_polardb_cluster("pc-1", later));
            assert!(s.instance(Product::PolarDb, "pc-1", None).is_none());
            assert_eq!(s.list("pc-1", &super::super::Filter::default(), later).len(), kept, "{keep:?}");
            assert_eq!(s.polardb.released("pc-1").is_some(), kept > 0);
        }
    }

    #[test]
    fn deleting_the_last_kept_backup_forgets_the_released_cluster() {
        let t0 = datetime!(2024-01-01 00:00 UTC);
        let mut s = state(KeepOnRelease::Latest);
        let id = s.start_backup("pc-1", Mode::Manual, Kind::Full, t0);
        s.release_polardb_cluster("pc-1", t0 + Duration::from_secs(3600));
        s.delete_backups("pc-1", &[id]);
        assert!(s.polardb.released("pc-1").is_none());
    }
}
