//! RDS user backups: full backups of self-managed MySQL databases that ImportUserBackupFile imports from OSS.
//! They belong to a region, not to an instance. An import is `Importing` for the first half of the emulated
//! backup delay, `CheckSuccess` (the file passed verification) for the second half, then `BackupSuccess`; a file
//! whose name does not end in `_qp.xb` (not an XtraBackup stream) fails verification and ends `Failed`. A
//! deleted user backup is kept as `Deleted` (listed only when asked for that status).

use std::collections::BTreeMap;
use std::time::Duration;

use time::OffsetDateTime;

/// The state of a user backup at some instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserBackupStatus {
    /// Being imported.
    Importing,
    /// The file passed verification; the import goes on.
    CheckSuccess,
    /// Imported: it can be restored.
    BackupSuccess,
    /// The import failed.
    Failed,
    /// Deleted by DeleteUserBackupFile.
    Deleted,
}

/// One imported user backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserBackup {
    /// `b-` and 12 lower-case letters and digits.
    pub id: String,
    /// The region it was imported into.
    pub region: String,
    /// The OSS bucket, object path and bucket region of the file.
    pub bucket: String,
    pub object: String,
    pub location: String,
    /// `5.7` or `8.0`.
    pub engine_version: String,
    pub comment: Option<String>,
    /// Days kept.
    pub retention: i32,
    /// GB needed to restore it.
    pub restore_size: i32,
    pub zone_id: Option<String>,
    /// The size of the file, in KB.
    pub size_kb: i64,
    /// When the import started.
    pub started: OffsetDateTime,
    /// How long the import takes.
    pub duration: Duration,
    /// When the comment or retention last changed (or the backup was deleted).
    pub modified: Option<OffsetDateTime>,
    /// Whether the file passes verification.
    pub valid: bool,
    /// Whether DeleteUserBackupFile deleted it.
    pub deleted: bool,
}

impl UserBackup {
    /// When the import ends.
    pub fn ends(&self) -> OffsetDateTime {
        self.started + self.duration
    }

    /// The state at `now`.
    pub fn status(&self, now: OffsetDateTime) -> UserBackupStatus {
        if self.deleted {
            UserBackupStatus::Deleted
        } else if now >= self.ends() {
            if self.valid {
                UserBackupStatus::BackupSuccess
            } else {
                UserBackupStatus::Failed
            }
        } else if now >= self.started + self.duration / 2 && self.valid {
            UserBackupStatus::CheckSuccess
        } else {
            UserBackupStatus::Importing
        }
    }

    /// The last change: the latest of the end of the import and the last update.
    pub fn modification(&self, now: OffsetDateTime) -> OffsetDateTime {
        let import = if now >= self.ends() { self.ends() } else { self.started };
        self.modified.map_or(import, |m| m.max(import))
    }
}

/// Every user backup, by id.
#[derive(Debug, Clone, Default)]
pub struct UserBackups {
    backups: BTreeMap<String, UserBackup>,
    next: u64,
}

impl UserBackups {
    /// A fresh id shaped like the service's (`b-` and 12 base-36 characters).
    pub fn next_id(&mut self) -> String {
        self.next += 1;
        let mut n = self.next.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 4;
        let mut id = String::from("b-");
        for _ in 0..12 {
            let d = u32::try_from(n % 36).unwrap_or(0);
            id.push(char::from_digit(d, 36).unwrap_or('0'));
            n /= 36;
        }
        id
    }

    /// Adds a user backup (its id must be fresh).
    pub fn insert(&mut self, backup: UserBackup) {
        self.backups.insert(backup.id.clone(), backup);
    }

    /// The live (not deleted) user backup with this id in `region`.
    pub fn live_mut(&mut self, region: &str, id: &str) -> Option<&mut UserBackup> {
        self.backups.get_mut(id).filter(|b| b.region == region && !b.deleted)
    }

    /// Every user backup of `region`, oldest first.
    pub fn in_region<'a>(&'a self, region: &'a str) -> impl Iterator<Item = &'a UserBackup> + 'a {
        let mut list: Vec<&UserBackup> = self.backups.values().filter(|b| b.region == region).collect();
        list.sort_by(|a, b| (a.started, &a.id).cmp(&(b.started, &b.id)));
        list.into_iter()
    }

    /// How many user backups exist (deleted ones included).
    pub fn len(&self) -> usize {
        self.backups.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.backups.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn backup(valid: bool) -> UserBackup {
        UserBackup {
            id: "b-1".into(),
            region: "cn-hangzhou".into(),
            bucket: "b".into(),
            object: "o_qp.xb".into(),
            location: "cn-hangzhou".into(),
            engine_version: "5.7".into(),
            comment: None,
            retention: 30,
            restore_size: 20,
            zone_id: None,
            size_kb: 1,
            started: datetime!(2024-01-01 00:00 UTC),
            duration: Duration::from_secs(60),
            modified: None,
            valid,
            deleted: false,
        }
    }

    #[test]
    fn an_import_is_checked_then_succeeds_or_fails() {
        let t0 = datetime!(2024-01-01 00:00 UTC);
        let ok = backup(true);
        assert_eq!(ok.status(t0), UserBackupStatus::Importing);
        assert_eq!(ok.status(t0 + Duration::from_secs(30)), UserBackupStatus::CheckSuccess);
        assert_eq!(ok.status(t0 + Duration::from_secs(60)), UserBackupStatus::BackupSuccess);
        let bad = backup(false);
        assert_eq!(bad.status(t0 + Duration::from_secs(30)), UserBackupStatus::Importing);
        assert_eq!(bad.status(t0 + Duration::from_secs(60)), UserBackupStatus::Failed);
    }

    #[test]
    fn ids_are_fresh_and_shaped_like_the_service() {
        let mut all = UserBackups::default();
        let (a, b) = (all.next_id(), all.next_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 14);
        assert!(a.starts_with("b-") && a[2..].chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    }

    #[test]
    fn deleted_backups_are_not_live() {
        let mut all = UserBackups::default();
        let mut b = backup(true);
        b.deleted = true;
        all.insert(b);
        assert!(all.live_mut("cn-hangzhou", "b-1").is_none());
        assert_eq!(all.in_region("cn-hangzhou").count(), 1);
        assert_eq!(all.len(), 1);
    }
}
