//! RDS-only state beside the shared backups: each instance's backup policy, the backup jobs CreateBackup
//! started, the databases a database-level backup holds, and released instances (whose backups are kept as
//! "detached" backups). Log backup files and recovery windows are not stored: they are derived from the
//! instance's succeeded backups, so that they always agree with what DescribeBackups lists.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use super::{Instance, Product, State, Status, View};

/// The databases every emulated RDS instance holds (a full backup holds all of them).
pub const DATABASES: [&str; 3] = ["db1", "db2", "orders"];

/// An instance's backup policy, as DescribeBackupPolicy reports it and ModifyBackupPolicy changes it. Values
/// are kept in the service's own spelling (strings where the service sends strings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupPolicy {
    /// `HH:mmZ-HH:mmZ`.
    pub preferred_backup_time: String,
    /// Comma-separated weekdays (`Monday,Wednesday`).
    pub preferred_backup_period: String,
    /// Days data backups are kept.
    pub backup_retention_period: i32,
    /// Whether log backup is on (`Enable` / `Disabled` in BackupLog; `1` / `0` in EnableBackupLog).
    pub backup_log: bool,
    /// Days log backups are kept.
    pub log_backup_retention_period: i32,
    /// Hours local logs are kept.
    pub local_log_retention_hours: i32,
    /// The local log space limit, in percent.
    pub local_log_retention_space: i32,
    /// Whether logs are purged when space usage is high.
    pub high_space_usage_protection: bool,
    /// `LogInterval`.
    pub log_backup_frequency: String,
    /// `0`, `1`, `4`, `8`.
    pub compress_type: String,
    /// Days archived backups are kept.
    pub archive_backup_retention_period: i32,
    /// `ByMonth`, `ByWeek`, `KeepAll`.
    pub archive_backup_keep_policy: String,
    /// How many archived backups are kept per period.
    pub archive_backup_keep_count: i32,
    /// `None`, `Lastest`, `All`.
    pub released_keep_policy: String,
    /// How many local log files are kept.
    pub log_backup_local_retention_number: i32,
    /// `Standard` or `Flash`.
    pub category: String,
    /// Minutes between snapshot backups (`-1` when off).
    pub backup_interval: String,
    /// `Physical`, `Logical`, `Snapshot`.
    pub backup_method: String,
    /// Whether incremental data backup is on.
    pub enable_increment_data_backup: bool,
    /// `1` (secondary first) or `2` (primary).
    pub backup_priority: i32,
    /// Whether point-in-time recovery protection is on.
    pub enable_pitr_protection: bool,
    /// Days point-in-time recovery stays possible.
    pub pitr_retention_period: i32,
}

impl Default for BackupPolicy {
    fn default() -> Self {
        BackupPolicy {
            preferred_backup_time: "15:00Z-16:00Z".to_owned(),
            preferred_backup_period: "Monday,Wednesday,Friday,Sunday".to_owned(),
            backup_retention_period: 7,
            backup_log: true,
            log_backup_retention_period: 7,
            local_log_retention_hours: 18,
            local_log_retention_space: 30,
            high_space_usage_protection: true,
            log_backup_frequency: "LogInterval".to_owned(),
            compress_type: "4".to_owned(),
            archive_backup_retention_period: 0,
            archive_backup_keep_policy: "ByMonth".to_owned(),
            archive_backup_keep_count: 1,
            released_keep_policy: "None".to_owned(),
            log_backup_local_retention_number: 60,
            category: "Standard".to_owned(),
            backup_interval: "-1".to_owned(),
            backup_method: "Physical".to_owned(),
            enable_increment_data_backup: false,
            backup_priority: 1,
            enable_pitr_protection: false,
            pitr_retention_period: 7,
        }
    }
}

/// A backup job CreateBackup started: its own id, and the backup it produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The BackupJobId.
    pub id: u64,
    /// The instance.
    pub instance: String,
    /// The backup the job produces (DescribeBackups lists it once the job has finished).
    pub backup: u64,
}

/// A log backup file: the binlog between two consecutive succeeded backups of an instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFile {
    /// Its sequence number on the instance (from 1, oldest first).
    pub number: usize,
    /// The instance.
    pub instance: String,
    /// The first event it holds (the consistent time of the backup before it).
    pub begin: OffsetDateTime,
    /// The last event it holds (the consistent time of the backup after it).
    pub end: OffsetDateTime,
    /// Its size in bytes.
    pub size: i64,
    /// The id of the backup it follows (a stable seed for checksums and host ids).
    pub after: u64,
}

/// The RDS-only records.
#[derive(Debug, Default)]
pub struct RdsState {
    policies: BTreeMap<String, BackupPolicy>,
    jobs: BTreeMap<u64, Job>,
    next_job: u64,
    databases: BTreeMap<u64, Vec<String>>,
    released: BTreeMap<String, Instance>,
}

impl RdsState {
    /// The policy of `instance` (the service's defaults until ModifyBackupPolicy changes it).
    pub fn policy(&self, instance: &str) -> BackupPolicy {
        self.policies.get(instance).cloned().unwrap_or_default()
    }

    /// The policy of `instance`, to change.
    pub fn policy_mut(&mut self, instance: &str) -> &mut BackupPolicy {
        self.policies.entry(instance.to_owned()).or_default()
    }

    /// A job by id.
    pub fn job(&self, id: u64) -> Option<&Job> {
        self.jobs.get(&id)
    }

    /// The jobs of `instance`, oldest first.
    pub fn jobs(&self, instance: &str) -> Vec<Job> {
        self.jobs.values().filter(|j| j.instance == instance).cloned().collect()
    }

    /// The databases a backup holds: those it was started for, or all of the instance's.
    pub fn databases(&self, backup: u64) -> Vec<String> {
        match self.databases.get(&backup) {
            Some(names) => names.clone(),
            None => DATABASES.iter().map(|d| (*d).to_owned()).collect(),
        }
    }

    /// A released instance by id.
    pub fn released(&self, id: &str) -> Option<&Instance> {
        self.released.get(id)
    }

    /// Every released instance.
    pub fn released_instances(&self) -> impl Iterator<Item = &Instance> {
        self.released.values()
    }
}

impl State {
    /// Starts an RDS backup job on `instance` (an existing RDS instance) at `now`: a manual backup of `kind`,
    /// of `databases` when given (a database-level backup) or of the whole instance. Returns the job.
    pub fn start_rds_job(
        &mut self,
        instance: &str,
        kind: super::Kind,
        databases: Option<Vec<String>>,
        now: OffsetDateTime,
    ) -> Job {
        let backup = self.start_backup(instance, super::Mode::Manual, kind, now);
        if let Some(names) = databases {
            self.rds.databases.insert(backup, names);
        }
        self.rds.next_job += 1;
        let job = Job { id: 400_000 + self.rds.next_job, instance: instance.to_owned(), backup };
        self.rds.jobs.insert(job.id, job.clone());
        job
    }

    /// Removes a backup (and the job that produced it). Returns it, or `None` when there is no such backup.
    pub fn remove_backup(&mut self, id: u64) -> Option<super::Backup> {
        let removed = self.backups.values_mut().find_map(|list| {
            let at = list.iter().position(|b| b.id == id)?;
            Some(list.remove(at))
        });
        if removed.is_some() {
            self.rds.jobs.retain(|_, j| j.backup != id);
            self.rds.databases.remove(&id);
        }
        removed
    }

    /// Releases an RDS instance: it is no longer found by id, and its backups become detached backups
    /// (DescribeDetachedBackups lists them).
    pub fn release_instance(&mut self, id: &str) -> bool {
        match self.instances.get(id) {
            Some(i) if i.product == Product::Rds => {}
            _ => return false,
        }
        if let Some(instance) = self.instances.remove(id) {
            self.rds.released.insert(id.to_owned(), instance);
        }
        true
    }

    /// The succeeded backups of `instance` at `now`, oldest consistent time first.
    pub fn succeeded(&self, instance: &str, now: OffsetDateTime) -> Vec<View> {
        let mut views: Vec<View> = self
            .backups
            .get(instance)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|b| b.status(now) == Status::Success)
            .map(|b| View { backup: b.clone(), status: Status::Success })
            .collect();
        views.sort_by_key(|v| (v.backup.finished(), v.backup.id));
        views
    }

    /// The log backup files of `instance` at `now`, oldest first: one per pair of consecutive succeeded
    /// backups, covering the time between their consistent points.
    pub fn log_files(&self, instance: &str, now: OffsetDateTime) -> Vec<LogFile> {
        let done = self.succeeded(instance, now);
        done.windows(2)
            .enumerate()
            .map(|(i, pair)| {
                let (a, b) = (&pair[0].backup, &pair[1].backup);
                let span = (b.finished() - a.finished()).whole_seconds().max(0);
                LogFile {
                    number: i + 1,
                    instance: instance.to_owned(),
                    begin: a.finished(),
                    end: b.finished(),
                    size: 4096 + span * 97,
                    after: a.id,
                }
            })
            .collect()
    }

    /// The window in which `instance` can be restored to any point at `now`: from the consistent time of its
    /// oldest succeeded backup to the end of its newest log file (or that backup's own time when it has only
    /// one). `None` without a succeeded backup.
    pub fn recovery_window(&self, instance: &str, now: OffsetDateTime) -> Option<(OffsetDateTime, OffsetDateTime)> {
        let done = self.succeeded(instance, now);
        let first = done.first()?.backup.finished();
        let last = done.last()?.backup.finished();
        Some((first, last))
    }

    /// The backups of the released instances of `region` (one instance when given) that match `filter` at
    /// `now`, newest first.
    pub fn detached(
        &self,
        region: &str,
        instance: Option<&str>,
        filter: &super::Filter,
        now: OffsetDateTime,
    ) -> Vec<View> {
        self.rds
            .released
            .values()
            .filter(|i| i.region == region && instance.is_none_or(|id| id == i.id))
            .flat_map(|i| self.list(&i.id, filter, now))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use time::macros::datetime;

    use super::super::{BackupSettings, Filter, Kind, Outcome};
    use super::*;

    fn state() -> State {
        let mut s = State::new(1, BackupSettings { delay: Duration::from_secs(60), failure_rate: 0.0 });
        s.add_instance(Instance { id: "rm-1".into(), product: Product::Rds, region: "cn-hangzhou".into() });
        s
    }

    #[test]
    fn jobs_produce_backups_that_can_be_removed() {
        let mut s = state();
        let t0 = datetime!(2024-01-01 00:00 UTC);
        let job = s.start_rds_job("rm-1", Kind::Full, Some(vec!["db1".into()]), t0);
        assert_eq!(s.rds.job(job.id).map(|j| j.backup), Some(job.backup));
        assert_eq!(s.rds.databases(job.backup), ["db1"]);
        assert!(s.remove_backup(job.backup).is_some());
        assert!(s.rds.job(job.id).is_none());
        assert!(s.remove_backup(job.backup).is_none());
    }

    #[test]
    fn log_files_and_the_recovery_window_follow_succeeded_backups() {
        let mut s = state();
        let t0 = datetime!(2024-01-01 00:00 UTC);
        s.force_outcomes(&[Outcome::Success, Outcome::Failed, Outcome::Success]);
        for i in 0..3 {
            s.start_rds_job("rm-1", Kind::Full, None, t0 + Duration::from_secs(3600 * i));
        }
        let now = t0 + Duration::from_secs(86_400);
        let files = s.log_files("rm-1", now);
        assert_eq!(files.len(), 1, "the failed backup is skipped");
        let window = s.recovery_window("rm-1", now).expect("a window");
        assert_eq!((files[0].begin, files[0].end), window);
        assert!(s.recovery_window("rm-1", t0).is_none(), "nothing finished yet");
    }

    #[test]
    fn released_instances_keep_their_backups_as_detached() {
        let mut s = state();
        let t0 = datetime!(2024-01-01 00:00 UTC);
        s.start_rds_job("rm-1", Kind::Full, None, t0);
        assert!(s.release_instance("rm-1"));
        assert!(s.instance(Product::Rds, "rm-1", None).is_none());
        let now = t0 + Duration::from_secs(3600);
        assert_eq!(s.detached("cn-hangzhou", None, &Filter::default(), now).len(), 1);
        assert!(s.detached("cn-beijing", None, &Filter::default(), now).is_empty());
    }
}
