//! RDS restore, clone and cross-region backup state: instances created by CloneDBInstance or
//! RecoveryDBInstance (ready after an emulated delay), table restores in progress, and each instance's
//! cross-region backup policy.
//!
//! Like the backups, every status here is a function of the clock: a clone is `Creating` until its `ready`
//! instant, an instance with a table restore is `Restoring` until the restore's end. The cross-region
//! listings are derived, not stored: while an instance's cross-region backup is on, the emulator shows a
//! copy in the destination region of each of its succeeded backups that finished within the retention
//! window (the copy keeps the backup's id as its CrossBackupId), and while log backup is also on, one log
//! file per hour of that window.

use std::collections::BTreeMap;

use time::{Duration, OffsetDateTime};

/// How a new instance came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// CloneDBInstance.
    Clone,
    /// RecoveryDBInstance.
    Recovery,
}

/// What a new instance was restored from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestorePoint {
    /// A backup set, by id.
    Backup(u64),
    /// A point in time.
    Time(OffsetDateTime),
}

/// An instance created by a clone or a recovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInstance {
    /// Its id (also an [`super::Instance`] of the state, so the other operations see it).
    pub id: String,
    /// The instance it was restored from.
    pub source: String,
    /// How it was created.
    pub origin: Origin,
    /// What it was restored from.
    pub point: RestorePoint,
    /// When it was requested.
    pub created: OffsetDateTime,
    /// When it is running.
    pub ready: OffsetDateTime,
    /// Its billing method, as sent (`Postpaid`, `Prepaid`, `Serverless`).
    pub pay_type: String,
    /// Its instance type.
    pub class: String,
    /// Its description.
    pub description: Option<String>,
}

/// An instance's cross-region backup policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossPolicy {
    /// Whether cross-region backup (data and logs) is on.
    pub backup_enabled: bool,
    /// Whether cross-region log backup is on (only while `backup_enabled`).
    pub log_enabled: bool,
    /// The destination region.
    pub region: Option<String>,
    /// Days kept, 7 to 1825.
    pub retention: i32,
    /// When backup was switched on.
    pub backup_enabled_at: Option<OffsetDateTime>,
    /// When log backup was switched on.
    pub log_enabled_at: Option<OffsetDateTime>,
}

impl Default for CrossPolicy {
    fn default() -> Self {
        CrossPolicy {
            backup_enabled: false,
            log_enabled: false,
            region: None,
            retention: 7,
            backup_enabled_at: None,
            log_enabled_at: None,
        }
    }
}

impl CrossPolicy {
    /// The start of the retention window at `now`.
    pub fn window_start(&self, now: OffsetDateTime) -> OffsetDateTime {
        now - Duration::days(i64::from(self.retention))
    }
}

/// Everything the restore operations keep.
#[derive(Debug, Default)]
pub struct RestoreState {
    /// The instances created by clones and recoveries, by id.
    pub created: BTreeMap<String, NewInstance>,
    /// Table restores: per instance, when the running one ends.
    pub restoring_until: BTreeMap<String, OffsetDateTime>,
    /// Cross-region backup policies, by instance id (an instance without one has the default: off).
    pub policies: BTreeMap<String, CrossPolicy>,
    next: u64,
}

impl RestoreState {
    /// A fresh id for a new instance.
    pub fn next_instance_id(&mut self) -> String {
        self.next += 1;
        format!("rm-emuc{:06}", self.next)
    }

    /// The policy of `instance` (the default when never set).
    pub fn policy(&self, instance: &str) -> CrossPolicy {
        self.policies.get(instance).cloned().unwrap_or_default()
    }

    /// Whether `instance` is still being created or restored at `now`: `Some("Creating")`, `Some("Restoring")`,
    /// or `None` once it runs.
    pub fn busy(&self, instance: &str, now: OffsetDateTime) -> Option<&'static str> {
        if self.created.get(instance).is_some_and(|c| now < c.ready) {
            return Some("Creating");
        }
        if self.restoring_until.get(instance).is_some_and(|t| now < *t) {
            return Some("Restoring");
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_clone_creates_then_runs_and_policies_default_off() {
        let mut s = RestoreState::default();
        let t0 = datetime!(2024-01-01 00:00 UTC);
        let id = s.next_instance_id();
        s.created.insert(
            id.clone(),
            NewInstance {
                id: id.clone(),
                source: "rm-emu000001".into(),
                origin: Origin::Clone,
                point: RestorePoint::Backup(1),
                created: t0,
                ready: t0 + Duration::seconds(2),
                pay_type: "Postpaid".into(),
                class: "mysql.n1.micro.1".into(),
                description: None,
            },
        );
        assert_eq!(s.busy(&id, t0), Some("Creating"));
        assert_eq!(s.busy(&id, t0 + Duration::seconds(2)), None);
        assert!(!s.policy(&id).backup_enabled);
        assert_eq!(s.policy(&id).window_start(t0), t0 - Duration::days(7));
    }
}
