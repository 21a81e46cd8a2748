//! Backup policies and restores of PolarDB-X and Redis / Tair instances: the state their policy and restore
//! operations keep beside the backups (which live in [`super::State`]'s common backup list).
//!
//! A policy is created with the service's defaults the first time an instance's policy is read or changed, so
//! every instance has one and a read after a change returns the change.

use std::collections::BTreeMap;

use time::OffsetDateTime;

/// The backup policy of a PolarDB-X instance (DescribeBackupPolicy / UpdateBackupPolicy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PxPolicy {
    /// `"0"`: fast backup.
    pub backup_type: String,
    /// `P` physical or `L` logical.
    pub backup_way: String,
    /// Seven digits, Monday first.
    pub backup_period: String,
    /// `HH:mmZ`.
    pub backup_plan_begin: String,
    /// Days.
    pub backup_set_retention: i32,
    /// 1 or 0.
    pub force_clean_on_high_space_usage: i32,
    /// Always 1.
    pub is_enabled: i32,
    /// Hours.
    pub local_log_retention: i32,
    /// Days.
    pub remove_log_retention: i32,
    /// Percent.
    pub log_local_retention_space: i32,
    /// Files.
    pub local_log_retention_number: i32,
    /// Days.
    pub cold_data_backup_interval: i32,
    /// Days.
    pub cold_data_backup_retention: i32,
    /// Whether data backups are copied to `dest_cross_region`.
    pub cross_region_data: bool,
    /// Whether log backups are copied to `dest_cross_region`.
    pub cross_region_log: bool,
    /// The region copies go to (empty: none).
    pub dest_cross_region: String,
    /// Days.
    pub cross_region_data_retention: i32,
    /// Days.
    pub cross_region_log_retention: i32,
    /// Undocumented; kept as set.
    pub cross_region_filter_value: String,
}

impl Default for PxPolicy {
    fn default() -> Self {
        PxPolicy {
            backup_type: "0".to_owned(),
            backup_way: "P".to_owned(),
            backup_period: "1111111".to_owned(),
            backup_plan_begin: "03:00Z".to_owned(),
            backup_set_retention: 7,
            force_clean_on_high_space_usage: 1,
            is_enabled: 1,
            local_log_retention: 7,
            remove_log_retention: 7,
            log_local_retention_space: 30,
            local_log_retention_number: 60,
            cold_data_backup_interval: 30,
            cold_data_backup_retention: 30,
            cross_region_data: false,
            cross_region_log: false,
            dest_cross_region: String::new(),
            cross_region_data_retention: 7,
            cross_region_log_retention: 7,
            cross_region_filter_value: String::new(),
        }
    }
}

/// The automatic backup policy of a Redis / Tair instance (DescribeBackupPolicy / ModifyBackupPolicy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedisPolicy {
    /// Day names, comma-separated, Monday first.
    pub period: String,
    /// `HH:mmZ-HH:mmZ`.
    pub window: String,
    /// Days.
    pub retention: i32,
    /// Whether data flashback (log backup) is on, and since when.
    pub log_backup_since: Option<OffsetDateTime>,
}

impl Default for RedisPolicy {
    fn default() -> Self {
        RedisPolicy {
            period: "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday".to_owned(),
            window: "05:00Z-06:00Z".to_owned(),
            retention: 7,
            log_backup_since: None,
        }
    }
}

/// What a restore brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreSource {
    /// A backup, by id.
    Backup(u64),
    /// A point in time (data flashback), with the key filter.
    PointInTime(OffsetDateTime, Option<String>),
}

/// One RestoreInstance call that was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restore {
    /// The instance restored into.
    pub instance: String,
    /// What was restored.
    pub source: RestoreSource,
    /// When it was asked for.
    pub at: OffsetDateTime,
}

/// Policies and restores of PolarDB-X and Redis instances.
#[derive(Debug, Default)]
pub struct PxRedis {
    px_policies: BTreeMap<String, PxPolicy>,
    redis_policies: BTreeMap<String, RedisPolicy>,
    /// Every accepted Redis restore, oldest first.
    pub restores: Vec<Restore>,
}

impl PxRedis {
    /// The PolarDB-X instance's policy, created with the defaults when first asked for.
    pub fn px_policy(&mut self, instance: &str) -> &mut PxPolicy {
        self.px_policies.entry(instance.to_owned()).or_default()
    }

    /// The Redis instance's policy, created with the defaults when first asked for.
    pub fn redis_policy(&mut self, instance: &str) -> &mut RedisPolicy {
        self.redis_policies.entry(instance.to_owned()).or_default()
    }
}

/// Whether `period` is seven 0/1 digits with at least two 1s (UpdateBackupPolicy's rule).
pub fn valid_px_period(period: &str) -> bool {
    period.len() == 7
        && period.bytes().all(|b| b == b'0' || b == b'1')
        && period.bytes().filter(|b| *b == b'1').count() >= 2
}

/// The day names Redis accepts, Monday first.
pub const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// The days of a Redis period (comma-separated day names), as weekday numbers from 0 (Monday), sorted, or
/// `None` when a name is not a day.
pub fn redis_days(period: &str) -> Option<Vec<u8>> {
    let mut days = Vec::new();
    for name in period.split(',') {
        let at = DAYS.iter().position(|d| *d == name.trim())?;
        days.push(u8::try_from(at).ok()?);
    }
    days.sort_unstable();
    days.dedup();
    (!days.is_empty()).then_some(days)
}

/// The start hour of a Redis backup window `HH:00Z-HH+1:00Z` (on the hour, one hour long), or `None`.
pub fn redis_window_start(window: &str) -> Option<u8> {
    let (from, to) = window.split_once('-')?;
    let hour = |t: &str| -> Option<u8> {
        let t = t.strip_suffix("Z")?;
        let (h, m) = t.split_once(':')?;
        (h.len() == 2 && m == "00").then_some(())?;
        h.parse::<u8>().ok().filter(|h| *h < 24)
    };
    let (a, b) = (hour(from)?, hour(to)?);
    ((a + 1) % 24 == b).then_some(a)
}

/// The next backup instant after `now` for a policy's days and window.
pub fn redis_next_backup(policy: &RedisPolicy, now: OffsetDateTime) -> Option<OffsetDateTime> {
    let days = redis_days(&policy.period)?;
    let hour = redis_window_start(&policy.window)?;
    let midnight = now.replace_time(time::Time::MIDNIGHT);
    (0..8)
        .map(|d| midnight + time::Duration::days(d) + time::Duration::hours(i64::from(hour)))
        .find(|t| *t > now && days.contains(&t.weekday().number_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn policies_are_checked_and_the_next_backup_follows_them() {
        assert!(valid_px_period("1001000"));
        assert!(!valid_px_period("1000000") && !valid_px_period("10010002") && !valid_px_period("100100x"));
        assert_eq!(redis_days("Tuesday,Monday"), Some(vec![0, 1]));
        assert_eq!(redis_days("Funday"), None);
        assert_eq!(redis_window_start("07:00Z-08:00Z"), Some(7));
        assert_eq!(redis_window_start("23:00Z-00:00Z"), Some(23));
        assert_eq!(redis_window_start("07:30Z-08:30Z"), None);
        assert_eq!(redis_window_start("07:00Z-09:00Z"), None);
        let policy = RedisPolicy { period: "Tuesday".into(), window: "07:00Z-08:00Z".into(), ..RedisPolicy::default() };
        // 2024-01-01 is a Monday.
        let next = redis_next_backup(&policy, datetime!(2024-01-01 12:00 UTC));
        assert_eq!(next, Some(datetime!(2024-01-02 07:00 UTC)));
    }
}
