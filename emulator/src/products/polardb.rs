//! PolarDB backups: CreateBackup starts a manual backup (DescribeBackupTasks shows its job until it finishes,
//! DescribeBackups lists it afterwards), DeleteBackup removes finished ones, the two policies are read back as
//! changed, DescribeBackupLogs lists the hourly log files the log policy keeps, released clusters keep what their
//! policy says (DescribeDBClustersWithBackups, DescribeDetachedBackups), and RestoreTable checks its backup set
//! or point in time against the cluster's backups.

use alibabacloud_backup::polardb::{
    server, AdvancedDataPolicy, AdvancedLogPolicy, AdvancedPolicyOption, Backup, BackupAvailability, BackupFrequency,
    BackupJob, BackupLevel, BackupLog, BackupMethod, BackupMode, BackupPolicyLevel, BackupProgressStatus, BackupStatus,
    BackupType, ClusterReleased, ClusterStatus, ClusterWithBackups, CreateBackupErrorCode, CreateBackupRequest,
    CreateBackupResponse, DeleteBackupErrorCode, DeleteBackupRequest, DeleteBackupResponse, DeletionBackupRetention,
    DeletionLock, DescribeBackupLogsErrorCode, DescribeBackupLogsRequest, DescribeBackupLogsResponse,
    DescribeBackupPolicyErrorCode, DescribeBackupPolicyRequest, DescribeBackupPolicyResponse,
    DescribeBackupTasksErrorCode, DescribeBackupTasksRequest, DescribeBackupTasksResponse, DescribeBackupsErrorCode,
    DescribeBackupsRequest, DescribeBackupsResponse, DescribeDBClustersWithBackupsErrorCode,
    DescribeDBClustersWithBackupsRequest, DescribeDBClustersWithBackupsResponse, DescribeDetachedBackupsErrorCode,
    DescribeDetachedBackupsRequest, DescribeDetachedBackupsResponse, DescribeLogBackupPolicyErrorCode,
    DescribeLogBackupPolicyRequest, DescribeLogBackupPolicyResponse, DetachedBackup, LockMode, LogBackupSwitch,
    ModifyBackupPolicyErrorCode, ModifyBackupPolicyRequest, ModifyBackupPolicyResponse, ModifyLogBackupPolicyErrorCode,
    ModifyLogBackupPolicyRequest, ModifyLogBackupPolicyResponse, PayType, PolicyAction, RestoreTableErrorCode,
    RestoreTableRequest, RestoreTableResponse, StoreStatus, TaskAction,
};
use runtime::server::{Context, Fault};
use runtime::time::{TimeFormat, Timestamp};
use runtime::ErrorCode;
use time::{Duration as Span, OffsetDateTime};

use super::{count, end_before_start, now};
use crate::handle::Shared;
use crate::model::{
    AdvancedPolicy, BackupPolicy, Filter, Instance, KeepOnRelease, Mode, Product, State, Status, TableRestore, View,
    SEED_ANCHOR,
};

/// The page size the pages document as the default.
const DEFAULT_PAGE_SIZE: i32 = 30;
/// A cluster keeps at most this many manual backups a day.
const MANUAL_BACKUPS_PER_DAY: usize = 3;
/// How far back RestoreTable can restore to a point in time.
const RESTORE_WINDOW: Span = Span::days(7);
const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

impl server::Service for Shared {
    async fn create_backup(
        &self,
        _ctx: &Context,
        request: CreateBackupRequest,
    ) -> Result<CreateBackupResponse, Fault<CreateBackupErrorCode>> {
        let now = now();
        let id = {
            let mut state = self.state();
            live(&state, &request.db_cluster_id, CreateBackupErrorCode::InvalidDbClusterIdNotFound)?;
            let token = request.client_token.as_ref().map(|t| (request.db_cluster_id.clone(), t.clone()));
            match token.as_ref().and_then(|t| state.polardb.tokens.get(t)) {
                Some(&id) => id,
                None => {
                    if state.recent_manual_backups(&request.db_cluster_id, now) >= MANUAL_BACKUPS_PER_DAY {
                        return Err(Fault::new(CreateBackupErrorCode::BackupTimesExceeded));
                    }
                    let id = state.start_backup(&request.db_cluster_id, Mode::Manual, crate::model::Kind::Full, now);
                    if let Some(token) = token {
                        state.polardb.tokens.insert(token, id);
                    }
                    if let Some(comment) = request.comment {
                        state.polardb.comments.insert(id, comment);
                    }
                    id
                }
            }
        };
        let mut response = CreateBackupResponse::default();
        response.backup_job_id = Some(id.to_string());
        Ok(response)
    }

    async fn delete_backup(
        &self,
        _ctx: &Context,
        request: DeleteBackupRequest,
    ) -> Result<DeleteBackupResponse, Fault<DeleteBackupErrorCode>> {
        let now = now();
        let cluster = &request.db_cluster_id;
        let mut state = self.state();
        if state.instance(Product::PolarDb, cluster, None).is_none() && state.polardb.released(cluster).is_none() {
            return Err(Fault::new(DeleteBackupErrorCode::InvalidDbClusterIdNotFound));
        }
        let mut ids = Vec::new();
        for text in request.backup_id.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let view = text
                .parse()
                .ok()
                .and_then(|id| state.find(id, now))
                .filter(|v| v.backup.instance == *cluster)
                .ok_or_else(|| Fault::new(DeleteBackupErrorCode::InvalidBackupSetIdNotFound))?;
            if view.status == Status::InProgress {
                return Err(Fault::custom(
                    400,
                    "IncorrectBackupSetState",
                    "Current backup set state does not support operations.",
                ));
            }
            ids.push(view.backup.id);
        }
        if ids.is_empty() {
            return Err(Fault::new(DeleteBackupErrorCode::InvalidBackupSetIdNotFound));
        }
        state.delete_backups(cluster, &ids);
        Ok(DeleteBackupResponse::default())
    }

    async fn describe_backup_tasks(
        &self,
        _ctx: &Context,
        request: DescribeBackupTasksRequest,
    ) -> Result<DescribeBackupTasksResponse, Fault<DescribeBackupTasksErrorCode>> {
        let now = now();
        let filter = Filter {
            mode: request.backup_mode.as_ref().map(mode_of),
            // An id that is not a number names no task: an empty list, as for any unknown id.
            id: request.backup_job_id.as_ref().map(|id| id.parse().unwrap_or(u64::MAX)),
            status: Some(Status::InProgress),
            ..Filter::default()
        };
        let views = {
            let state = self.state();
            live(&state, &request.db_cluster_id, DescribeBackupTasksErrorCode::InvalidDbClusterIdNotFound)?;
            state.list(&request.db_cluster_id, &filter, now)
        };
        let mut response = DescribeBackupTasksResponse::default();
        response.items = Some(views.iter().map(|v| job(v, now)).collect());
        Ok(response)
    }

    async fn describe_backups(
        &self,
        _ctx: &Context,
        request: DescribeBackupsRequest,
    ) -> Result<DescribeBackupsResponse, Fault<DescribeBackupsErrorCode>> {
        let now = now();
        if end_before_start(request.start_time, request.end_time) {
            return Err(Fault::new(DescribeBackupsErrorCode::InvalidEndTimeMalformed));
        }
        let filter = listing_filter(
            request.start_time,
            request.end_time,
            request.backup_status.as_ref(),
            request.backup_mode.as_ref(),
            request.backup_id.as_deref(),
        );
        let number = request.page_number.unwrap_or(1);
        let size = request.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        let state = self.state();
        let cluster = live(&state, &request.db_cluster_id, DescribeBackupsErrorCode::InvalidDbClusterIdNotFound)?;
        // Backups stay in the cluster's region: a listing of another region (cross-region copies) is empty.
        let (total, page) = if request.backup_region.as_ref().is_some_and(|r| *r != cluster.region) {
            (0, Vec::new())
        } else {
            state.page(&request.db_cluster_id, &filter, now, number, size)
        };
        let items: Vec<Backup> = page.iter().map(|v| backup(v, &state)).collect();
        let mut response = DescribeBackupsResponse::default();
        response.page_number = Some(number);
        response.page_record_count = Some(count(items.len()));
        response.total_record_count = Some(count(total));
        response.total_level2_backup_size = Some(0);
        response.items = Some(items);
        Ok(response)
    }

    async fn describe_detached_backups(
        &self,
        _ctx: &Context,
        request: DescribeDetachedBackupsRequest,
    ) -> Result<DescribeDetachedBackupsResponse, Fault<DescribeDetachedBackupsErrorCode>> {
        let now = now();
        if end_before_start(request.start_time, request.end_time) {
            return Err(Fault::new(DescribeDetachedBackupsErrorCode::InvalidEndTimeMalformed));
        }
        let filter = listing_filter(
            request.start_time,
            request.end_time,
            request.backup_status.as_ref(),
            request.backup_mode.as_ref(),
            request.backup_id.as_deref(),
        );
        let number = request.page_number.unwrap_or(1);
        let size = request.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        let (total, page) = {
            let state = self.state();
            let cluster = &request.db_cluster_id;
            match state.polardb.released(cluster) {
                Some(released) if request.backup_region.as_ref().is_none_or(|r| *r == released.instance.region) => {
                    state.page(cluster, &filter, now, number, size)
                }
                Some(_) => (0, Vec::new()),
                // A cluster that is still running has no detached backups yet.
                None if state.instance(Product::PolarDb, cluster, None).is_some() => (0, Vec::new()),
                None => return Err(Fault::new(DescribeDetachedBackupsErrorCode::InvalidDbClusterIdNotFound)),
            }
        };
        let items: Vec<DetachedBackup> = page.iter().map(detached).collect();
        let mut response = DescribeDetachedBackupsResponse::default();
        response.page_number = Some(number);
        response.page_record_count = Some(count(items.len()));
        response.total_record_count = Some(count(total));
        response.items = Some(items);
        Ok(response)
    }

    async fn describe_db_clusters_with_backups(
        &self,
        _ctx: &Context,
        request: DescribeDBClustersWithBackupsRequest,
    ) -> Result<DescribeDBClustersWithBackupsResponse, Fault<DescribeDBClustersWithBackupsErrorCode>> {
        let now = now();
        let number = request.page_number.unwrap_or(1).max(1);
        let size = request.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        let ids: Option<Vec<&str>> =
            request.db_cluster_ids.as_deref().map(|s| s.split(',').map(str::trim).filter(|s| !s.is_empty()).collect());
        let finished = Filter { finished: true, ..Filter::default() };
        let all: Vec<ClusterWithBackups> = {
            let state = self.state();
            let live = state
                .instances()
                .filter(|i| i.product == Product::PolarDb)
                .filter(|i| !state.list(&i.id, &finished, now).is_empty())
                .map(|i| cluster_entry(i, None));
            let released = state.polardb.released_clusters().map(|r| cluster_entry(&r.instance, Some(r.released)));
            let mut all: Vec<ClusterWithBackups> = live.chain(released).collect();
            all.sort_by(|a, b| a.db_cluster_id.cmp(&b.db_cluster_id));
            all
        };
        let matches = |c: &ClusterWithBackups| {
            c.region_id.as_deref() == Some(request.region_id.as_str())
                && ids.as_ref().is_none_or(|ids| c.db_cluster_id.as_deref().is_some_and(|id| ids.contains(&id)))
                && request.db_cluster_description.as_ref().is_none_or(|d| c.db_cluster_description.as_ref() == Some(d))
                && request.db_type.as_ref().is_none_or(|t| c.db_type.as_deref() == Some(t.as_str()))
                && request.db_version.as_ref().is_none_or(|v| c.db_version.as_ref() == Some(v))
                && request.is_deleted.as_ref().is_none_or(|d| c.is_deleted.as_ref() == Some(d))
        };
        let matching: Vec<ClusterWithBackups> = all.into_iter().filter(matches).collect();
        let skip = usize::try_from(number - 1).unwrap_or(0).saturating_mul(usize::try_from(size).unwrap_or(0));
        let items: Vec<ClusterWithBackups> =
            matching.iter().skip(skip).take(usize::try_from(size).unwrap_or(0)).cloned().collect();
        let mut response = DescribeDBClustersWithBackupsResponse::default();
        response.page_number = Some(number);
        response.page_record_count = Some(count(items.len()));
        response.total_record_count = Some(count(matching.len()));
        response.items = Some(items);
        Ok(response)
    }

    async fn describe_backup_logs(
        &self,
        _ctx: &Context,
        request: DescribeBackupLogsRequest,
    ) -> Result<DescribeBackupLogsResponse, Fault<DescribeBackupLogsErrorCode>> {
        let now = now();
        if request.end_time <= request.start_time {
            return Err(Fault::new(DescribeBackupLogsErrorCode::InvalidEndTimeMalformed));
        }
        let number = request.page_number.unwrap_or(1).max(1);
        let size = i64::from(request.page_size.unwrap_or(DEFAULT_PAGE_SIZE));
        let (window, listed) = {
            let state = self.state();
            let cluster =
                live(&state, &request.db_cluster_id, DescribeBackupLogsErrorCode::InvalidDbClusterIdNotFound)?;
            let policy = state.polardb.log_policy(&cluster.id);
            let retention = match request.backup_region.as_ref() {
                None => Some(policy.retention_days),
                Some(r) if *r == cluster.region => Some(policy.retention_days),
                Some(r) if *r == policy.cross_region && policy.cross_region_retention_days != 0 => {
                    Some(policy.cross_region_retention_days)
                }
                Some(_) => None,
            };
            (retention.map(|days| log_window_start(&state, &cluster.id, days, now)), cluster.id.clone())
        };
        // Hour k's file covers [k h, (k+1) h); it is listed once complete and when it overlaps the range.
        let hour = |t: OffsetDateTime| t.unix_timestamp().div_euclid(3600);
        let (first, last) = match window {
            Some(start) => {
                let first = hour(start + Span::seconds(3599)).max(hour(request.start_time));
                let last = (hour(now) - 1).min(hour(request.end_time - Span::seconds(1)));
                (first, last)
            }
            None => (1, 0),
        };
        let total = (last - first + 1).max(0);
        let from = first + i64::from(number - 1) * size;
        let items: Vec<BackupLog> = (from..=last.min(from + size - 1)).map(|k| log_file(&listed, k, now)).collect();
        let mut response = DescribeBackupLogsResponse::default();
        response.page_number = Some(number);
        response.page_record_count = Some(count(items.len()));
        response.total_record_count = Some(i32::try_from(total).unwrap_or(i32::MAX));
        response.items = Some(items);
        Ok(response)
    }

    async fn describe_backup_policy(
        &self,
        _ctx: &Context,
        request: DescribeBackupPolicyRequest,
    ) -> Result<DescribeBackupPolicyResponse, Fault<DescribeBackupPolicyErrorCode>> {
        let policy = {
            let state = self.state();
            live(&state, &request.db_cluster_id, DescribeBackupPolicyErrorCode::InvalidDbClusterIdNotFound)?;
            state.polardb.policy(&request.db_cluster_id)
        };
        let mut r = DescribeBackupPolicyResponse::default();
        r.preferred_next_backup_time =
            next_backup(&policy, now()).map(|t| Timestamp::from_datetime(t, TimeFormat::Minute));
        r.preferred_backup_time = Some(policy.preferred_backup_time);
        r.preferred_backup_period = Some(policy.preferred_backup_period);
        r.backup_frequency = policy.backup_frequency.parse::<BackupFrequency>().ok();
        r.data_level1_backup_frequency = policy.level1_frequency.parse::<BackupFrequency>().ok();
        r.data_level1_backup_time = Some(policy.level1_time);
        r.data_level1_backup_period = Some(policy.level1_period);
        r.data_level1_backup_retention_period = Some(policy.level1_retention_days);
        r.data_level2_backup_period = Some(policy.level2_period);
        r.data_level2_backup_retention_period = Some(policy.level2_retention_days);
        r.data_level2_backup_another_region_region = Some(policy.level2_cross_region);
        r.data_level2_backup_another_region_retention_period = Some(policy.level2_cross_region_retention_days);
        r.backup_retention_policy_on_cluster_deletion = Some(match policy.keep_on_release {
            KeepOnRelease::All => DeletionBackupRetention::All,
            KeepOnRelease::Latest => DeletionBackupRetention::Latest,
            KeepOnRelease::Nothing => DeletionBackupRetention::Nothing,
        });
        r.backup_policy_level =
            Some(if policy.advanced { BackupPolicyLevel::Advanced } else { BackupPolicyLevel::Normal });
        r.advanced_policy_option =
            Some(if policy.advanced { AdvancedPolicyOption::Enabled } else { AdvancedPolicyOption::Disabled });
        r.advanced_data_policies =
            Some(policy.advanced_policies.iter().filter_map(policy_out::<AdvancedDataPolicy>).collect());
        r.enable_immutable_backup = Some(false);
        r.enable_cross_region_immutable_backup = Some(false);
        Ok(r)
    }

    async fn modify_backup_policy(
        &self,
        _ctx: &Context,
        request: ModifyBackupPolicyRequest,
    ) -> Result<ModifyBackupPolicyResponse, Fault<ModifyBackupPolicyErrorCode>> {
        use ModifyBackupPolicyErrorCode as E;
        let mut state = self.state();
        live(&state, &request.db_cluster_id, E::InvalidDbClusterIdNotFound)?;
        let mut p: BackupPolicy = state.polardb.policy(&request.db_cluster_id);
        if let Some(t) = request.preferred_backup_time {
            p.preferred_backup_time = check(t, |s| is_window(s), E::InvalidPreferredBackupTimeMalformed)?;
        }
        if let Some(d) = request.preferred_backup_period {
            p.preferred_backup_period = check(d, |s| is_days(s), E::InvalidPreferredBackupPeriodMalformed)?;
        }
        if let Some(f) = request.backup_frequency {
            known(&f, E::InvalidBackupFrequencyMalformed)?;
            p.backup_frequency = f.as_str().to_owned();
            if f != BackupFrequency::Normal {
                // High-frequency backup runs every day.
                p.preferred_backup_period = WEEKDAYS.join(",");
            }
        }
        if let Some(f) = request.data_level1_backup_frequency {
            known(&f, E::InvalidDataLevel1BackupFrequencyMalformed)?;
            p.level1_frequency = f.as_str().to_owned();
        }
        if let Some(t) = request.data_level1_backup_time {
            p.level1_time = check(t, |s| is_window(s), E::InvalidDataLevel1BackupTimeMalformed)?;
        }
        if let Some(d) = request.data_level1_backup_period {
            p.level1_period = check(d, |s| is_days(s), E::InvalidDataLevel1BackupPeriodMalformed)?;
        }
        if let Some(days) = request.data_level1_backup_retention_period {
            p.level1_retention_days =
                check(days, |d| (3..=14).contains(d), E::InvalidDataLevel1BackupRetentionPeriodMalformed)?;
        }
        if let Some(d) = request.data_level2_backup_period {
            p.level2_period = check(d, |s| is_days(s), E::InvalidDataLevel2BackupPeriodMalformed)?;
        }
        if let Some(days) = request.data_level2_backup_retention_period {
            p.level2_retention_days =
                check(days, is_long_retention, E::InvalidDataLevel2BackupRetentionPeriodMalformed)?;
        }
        if let Some(region) = request.data_level2_backup_another_region_region {
            p.level2_cross_region = check(region, |r| is_region(r), E::InvalidDataLevel2AnotherRegionRegionNotFound)?;
        }
        if let Some(days) = request.data_level2_backup_another_region_retention_period {
            p.level2_cross_region_retention_days =
                check(days, is_long_retention, E::InvalidDataLevel2AnotherRegionBackupRetentionPeriodMalformed)?;
        }
        if let Some(keep) = request.backup_retention_policy_on_cluster_deletion {
            p.keep_on_release = match keep {
                DeletionBackupRetention::All => KeepOnRelease::All,
                DeletionBackupRetention::Latest => KeepOnRelease::Latest,
                DeletionBackupRetention::Nothing => KeepOnRelease::Nothing,
                _ => {
                    return Err(Fault::custom(
                        400,
                        "InvalidParameter",
                        "The specified parameter BackupRetentionPolicyOnClusterDeletion is not valid.",
                    ))
                }
            };
        }
        match request.backup_policy_level {
            Some(BackupPolicyLevel::Advanced) => p.advanced = true,
            // The advanced policy cannot be turned back.
            Some(BackupPolicyLevel::Normal) if p.advanced => return Err(Fault::new(E::IncorrectBackupPolicy)),
            Some(BackupPolicyLevel::Normal) | None => {}
            Some(_) => {
                return Err(Fault::custom(
                    400,
                    "InvalidParameter",
                    "The specified parameter BackupPolicyLevel is not valid.",
                ))
            }
        }
        if let Some(changes) = request.advanced_data_policies {
            if !p.advanced {
                return Err(Fault::new(E::IncorrectBackupPolicy));
            }
            for change in changes {
                let action = change.action_type.clone();
                let id = change.policy_id.clone();
                apply(&mut state, &mut p.advanced_policies, action, id, members(&change))
                    .map_err(|()| Fault::new(E::InvalidParam))?;
            }
        }
        state.polardb.set_policy(&request.db_cluster_id, p);
        Ok(ModifyBackupPolicyResponse::default())
    }

    async fn describe_log_backup_policy(
        &self,
        _ctx: &Context,
        request: DescribeLogBackupPolicyRequest,
    ) -> Result<DescribeLogBackupPolicyResponse, Fault<DescribeLogBackupPolicyErrorCode>> {
        let policy = {
            let state = self.state();
            live(&state, &request.db_cluster_id, DescribeLogBackupPolicyErrorCode::InvalidDbClusterIdNotFound)?;
            state.polardb.log_policy(&request.db_cluster_id)
        };
        let mut r = DescribeLogBackupPolicyResponse::default();
        r.log_backup_retention_period = Some(policy.retention_days);
        r.log_backup_another_region_region = Some(policy.cross_region);
        r.log_backup_another_region_retention_period = Some(policy.cross_region_retention_days);
        r.enable_backup_log = Some(LogBackupSwitch::Enabled);
        r.advanced_log_policies =
            Some(policy.advanced_policies.iter().filter_map(policy_out::<AdvancedLogPolicy>).collect());
        Ok(r)
    }

    async fn modify_log_backup_policy(
        &self,
        _ctx: &Context,
        request: ModifyLogBackupPolicyRequest,
    ) -> Result<ModifyLogBackupPolicyResponse, Fault<ModifyLogBackupPolicyErrorCode>> {
        use ModifyLogBackupPolicyErrorCode as E;
        let mut state = self.state();
        live(&state, &request.db_cluster_id, E::InvalidDbClusterIdNotFound)?;
        let mut p = state.polardb.log_policy(&request.db_cluster_id);
        if let Some(days) = request.log_backup_retention_period {
            p.retention_days =
                check(days, |d| *d == -1 || (3..=7300).contains(d), E::InvalidLogBackupRetentionPeriodMalformed)?;
        }
        if let Some(region) = request.log_backup_another_region_region {
            p.cross_region = check(region, |r| is_region(r), E::InvalidLogBackupAnotherRegionRegionNotFound)?;
        }
        if let Some(days) = request.log_backup_another_region_retention_period {
            p.cross_region_retention_days =
                check(days, is_long_retention, E::InvalidLogBackupAnotherRegionRetentionPeriodMalformed)?;
        }
        if let Some(changes) = request.advanced_log_policies {
            if !state.polardb.policy(&request.db_cluster_id).advanced {
                return Err(Fault::custom(
                    403,
                    "IncorrectBackupPolicy",
                    "The cluster does not use the advanced backup policy.",
                ));
            }
            for change in changes {
                let action = change.action_type.clone();
                let id = change.policy_id.clone();
                apply(&mut state, &mut p.advanced_policies, action, id, members(&change))
                    .map_err(|()| Fault::custom(400, "InvalidParam", "The specified PolicyId does not exist."))?;
            }
        }
        state.polardb.set_log_policy(&request.db_cluster_id, p);
        Ok(ModifyLogBackupPolicyResponse::default())
    }

    async fn restore_table(
        &self,
        _ctx: &Context,
        request: RestoreTableRequest,
    ) -> Result<RestoreTableResponse, Fault<RestoreTableErrorCode>> {
        use RestoreTableErrorCode as E;
        let now = now();
        let meta: Option<serde_json::Value> = serde_json::from_str(&request.table_meta).ok();
        let valid_meta = meta.as_ref().and_then(|m| m.as_array()).is_some_and(|dbs| {
            !dbs.is_empty()
                && dbs.iter().all(|db| db.get("name").and_then(|n| n.as_str()).is_some_and(|n| !n.is_empty()))
        });
        let mut state = self.state();
        let cluster = live(&state, &request.db_cluster_id, E::InvalidDbClusterIdNotFound)?;
        if !valid_meta {
            return Err(Fault::new(E::InvalidParametersFormat));
        }
        let (backup, time) = match (&request.backup_id, request.restore_time) {
            (Some(id), _) => {
                let view = id
                    .parse()
                    .ok()
                    .and_then(|id| state.find(id, now))
                    .filter(|v| v.backup.instance == cluster.id)
                    .ok_or_else(|| Fault::new(E::InvalidBackupSetIdNotFound))?;
                if view.status != Status::Success {
                    return Err(Fault::new(E::IncorrectBackupSetState));
                }
                (Some(view.backup.id), view.backup.finished())
            }
            (None, Some(time)) => {
                if time > now || time < now - RESTORE_WINDOW {
                    return Err(Fault::new(E::InvalidRestoreTimeFormat));
                }
                // A point in time needs a full backup before it and the logs since, which the log policy keeps.
                let days = state.polardb.log_policy(&cluster.id).retention_days;
                let logs_from = log_window_start(&state, &cluster.id, days, now);
                let base = Filter { end: Some(time), status: Some(Status::Success), ..Filter::default() };
                let has_base = state.list(&cluster.id, &base, now).iter().any(|v| v.backup.finished() <= time);
                if !has_base || time < logs_from {
                    return Err(Fault::new(E::InvalidBackupNotFound));
                }
                (None, time)
            }
            (None, None) => return Err(Fault::new(E::InvalidRestoreTypeNotFound)),
        };
        state.polardb.restores.push(TableRestore { cluster: cluster.id, backup, time, table_meta: request.table_meta });
        Ok(RestoreTableResponse::default())
    }
}

/// The live PolarDB cluster `id`, or `code` (each operation's NotFound).
fn live<E: ErrorCode>(state: &State, id: &str, code: E) -> Result<Instance, Fault<E>> {
    state.instance(Product::PolarDb, id, None).cloned().ok_or_else(|| Fault::new(code))
}

/// `value` if it passes `ok`, else `code`.
fn check<T, E: ErrorCode>(value: T, ok: impl Fn(&T) -> bool, code: E) -> Result<T, Fault<E>> {
    if ok(&value) {
        Ok(value)
    } else {
        Err(Fault::new(code))
    }
}

/// Refuses an enum value the spec does not document (decoded into `Unknown`).
fn known<E: ErrorCode>(f: &BackupFrequency, code: E) -> Result<(), Fault<E>> {
    if BackupFrequency::DOCUMENTED.contains(f) {
        Ok(())
    } else {
        Err(Fault::new(code))
    }
}

/// `HH:00Z-HH:00Z`, one whole hour (as the pages require).
fn is_window(s: &str) -> bool {
    let hour = |t: &str| t.strip_suffix(":00Z").and_then(|h| (h.len() == 2).then(|| h.parse::<u32>().ok()).flatten());
    match s.split_once('-').map(|(a, b)| (hour(a), hour(b))) {
        Some((Some(a), Some(b))) => a < 24 && b == (a + 1) % 24,
        _ => false,
    }
}

/// Comma-separated weekdays, at least two, none twice.
fn is_days(s: &str) -> bool {
    let days: Vec<&str> = s.split(',').collect();
    let mut seen = std::collections::BTreeSet::new();
    days.len() >= 2 && days.iter().all(|d| WEEKDAYS.contains(d) && seen.insert(*d))
}

/// 0 (off), 30 to 7300 days, or -1 (indefinitely).
fn is_long_retention(days: &i32) -> bool {
    matches!(*days, -1 | 0 | 30..=7300)
}

/// Looks like a region id (`cn-hangzhou`, `ap-southeast-1`).
fn is_region(r: &str) -> bool {
    r.split_once('-').is_some_and(|(a, b)| {
        a.len() == 2
            && a.bytes().all(|c| c.is_ascii_lowercase())
            && !b.is_empty()
            && b.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    })
}

/// A request structure's members as the wire has them, without ActionType and PolicyId.
fn members<T: runtime::serde::Serialize>(change: &T) -> serde_json::Map<String, serde_json::Value> {
    let mut map = match serde_json::to_value(change) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    map.remove("ActionType");
    map.remove("PolicyId");
    map
}

/// Applies one advanced policy change; an UPDATE or DELETE of an unknown policy (or no action) is refused.
fn apply(
    state: &mut State,
    policies: &mut Vec<AdvancedPolicy>,
    action: Option<PolicyAction>,
    id: Option<String>,
    fields: serde_json::Map<String, serde_json::Value>,
) -> Result<(), ()> {
    let at = id.as_ref().and_then(|id| policies.iter().position(|p| p.id == *id));
    match (action, at) {
        (Some(PolicyAction::Create), _) => {
            let id = state.polardb.next_policy_id();
            policies.push(AdvancedPolicy { id, fields });
        }
        (Some(PolicyAction::Update), Some(at)) => policies[at].fields.extend(fields),
        (Some(PolicyAction::Delete), Some(at)) => {
            policies.remove(at);
        }
        _ => return Err(()),
    }
    Ok(())
}

/// A stored advanced policy as a response structure.
fn policy_out<T: for<'de> runtime::serde::Deserialize<'de>>(p: &AdvancedPolicy) -> Option<T> {
    let mut map = p.fields.clone();
    map.insert("PolicyId".to_owned(), serde_json::Value::String(p.id.clone()));
    serde_json::from_value(serde_json::Value::Object(map)).ok()
}

/// When the next automatic backup is due: the middle of the backup window, on the next backup day after `now`.
fn next_backup(policy: &BackupPolicy, now: OffsetDateTime) -> Option<OffsetDateTime> {
    let hour: u8 = policy.preferred_backup_time.get(..2)?.parse().ok()?;
    let days: Vec<&str> = policy.preferred_backup_period.split(',').collect();
    (0..8).map(|d| now.date() + Span::days(d)).find_map(|date| {
        let at = date.with_hms(hour, 30, 0).ok()?.assume_utc();
        let day = WEEKDAYS[usize::from(date.weekday().number_days_from_monday())];
        (at > now && days.contains(&day)).then_some(at)
    })
}

/// Where the cluster's log files begin: `days` before `now`, or (kept indefinitely) at its oldest backup.
fn log_window_start(state: &State, cluster: &str, days: i32, now: OffsetDateTime) -> OffsetDateTime {
    if days >= 0 {
        return now - Span::days(i64::from(days));
    }
    let oldest = state.list(cluster, &Filter::default(), now).last().map(|v| v.backup.started);
    oldest.unwrap_or(now - Span::days(7))
}

/// The log file of hour `k` (seconds `k * 3600` to `(k + 1) * 3600`) of `cluster`.
fn log_file(cluster: &str, k: i64, now: OffsetDateTime) -> BackupLog {
    let tag = cluster.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))) % 1000;
    let start = OffsetDateTime::from_unix_timestamp(k * 3600).unwrap_or(SEED_ANCHOR);
    let path = format!("{cluster}/binlog/mysql-bin.{:06}", k % 1_000_000);
    let mut out = BackupLog::default();
    out.backup_log_id = Some(format!("{}{tag:03}", k));
    out.backup_log_name = Some(format!("mysql-bin.{:06}", k % 1_000_000));
    out.backup_log_start_time = Some(Timestamp::from_datetime(start, TimeFormat::Second));
    out.backup_log_end_time = Some(Timestamp::from_datetime(start + Span::seconds(3599), TimeFormat::Second));
    out.backup_log_size = Some(16 * 1024 * 1024 + (k.wrapping_mul(2_654_435_761) & 0x3FFF_FFFF));
    out.download_link = Some(format!("http://polardb-emu.oss-cn-hangzhou.aliyuncs.com/{path}"));
    out.intranet_download_link = Some(format!("http://polardb-emu.oss-cn-hangzhou-internal.aliyuncs.com/{path}"));
    out.link_expired_time = Some(Timestamp::from_datetime(now + Span::days(2), TimeFormat::Second));
    out
}

fn mode_of(m: &BackupMode) -> Mode {
    match m {
        BackupMode::Manual => Mode::Manual,
        _ => Mode::Automated,
    }
}

/// The finished backups a listing asks for; an ID that is not a number names no backup.
fn listing_filter(
    start: Option<OffsetDateTime>,
    end: Option<OffsetDateTime>,
    status: Option<&BackupStatus>,
    mode: Option<&BackupMode>,
    id: Option<&str>,
) -> Filter {
    Filter {
        start,
        end,
        status: status.map(|s| if *s == BackupStatus::Failed { Status::Failed } else { Status::Success }),
        mode: mode.map(mode_of),
        id: id.map(|id| id.parse().unwrap_or(u64::MAX)),
        kind: None,
        // A backup set is listed once it has finished; DescribeBackupTasks shows running ones.
        finished: true,
    }
}

fn backup(view: &View, state: &State) -> Backup {
    let b = &view.backup;
    let success = view.status == Status::Success;
    let mut out = Backup::default();
    out.backup_id = Some(b.id.to_string());
    out.db_cluster_id = Some(b.instance.clone());
    out.backup_status = Some(if success { BackupStatus::Success } else { BackupStatus::Failed });
    out.backup_mode = Some(if b.mode == Mode::Manual { BackupMode::Manual } else { BackupMode::Automated });
    out.backup_type = Some(BackupType::FullBackup);
    out.backup_method = Some(BackupMethod::Snapshot);
    out.backups_level = Some(BackupLevel::Level1);
    out.backup_start_time = Some(Timestamp::from_datetime(b.started, TimeFormat::Second));
    out.backup_end_time = Some(Timestamp::from_datetime(b.finished(), TimeFormat::Second));
    out.consistent_time = Some(b.finished().unix_timestamp());
    out.backup_set_size = Some(if success { b.size } else { 0 });
    out.is_avail = Some(if success { BackupAvailability::Available } else { BackupAvailability::Unavailable });
    out.comment = state.polardb.comments.get(&b.id).cloned();
    out
}

fn detached(view: &View) -> DetachedBackup {
    let b = &view.backup;
    let success = view.status == Status::Success;
    let mut out = DetachedBackup::default();
    out.backup_id = Some(b.id.to_string());
    out.db_cluster_id = Some(b.instance.clone());
    out.backup_status = Some(if success { BackupStatus::Success } else { BackupStatus::Failed });
    out.backup_mode = Some(if b.mode == Mode::Manual { BackupMode::Manual } else { BackupMode::Automated });
    out.backup_type = Some(BackupType::FullBackup);
    out.backup_method = Some(BackupMethod::Snapshot);
    out.backups_level = Some(BackupLevel::Level1);
    out.backup_start_time = Some(Timestamp::from_datetime(b.started, TimeFormat::Second));
    out.backup_end_time = Some(Timestamp::from_datetime(b.finished(), TimeFormat::Second));
    out.consistent_time = Some(b.finished().unix_timestamp());
    out.backup_set_size = Some(if success { b.size } else { 0 });
    out.is_avail = Some(if success { BackupAvailability::Available } else { BackupAvailability::Unavailable });
    // Kept backups of a released cluster may be deleted (DeleteBackup), which is how the cluster goes away.
    out.store_status = Some(StoreStatus::Enabled);
    out
}

/// A cluster as DescribeDBClustersWithBackups lists it (`released`: when, for a released one).
fn cluster_entry(i: &Instance, released: Option<OffsetDateTime>) -> ClusterWithBackups {
    let mut out = ClusterWithBackups::default();
    out.db_cluster_id = Some(i.id.clone());
    out.db_cluster_description = Some(i.id.clone());
    out.region_id = Some(i.region.clone());
    out.zone_id = Some(format!("{}-h", i.region));
    out.db_type = Some("MySQL".to_owned());
    out.db_version = Some("8.0".to_owned());
    out.db_node_class = Some("polar.mysql.x4.medium".to_owned());
    out.engine = Some("POLARDB".to_owned());
    out.pay_type = Some(PayType::Postpaid);
    out.lock_mode = Some(LockMode::Unlock);
    out.deletion_lock = Some(DeletionLock::Unlocked);
    out.db_cluster_network_type = Some("VPC".to_owned());
    out.vpc_id = Some(format!("vpc-{}", i.id.trim_start_matches("pc-")));
    out.create_time = Some(Timestamp::from_datetime(SEED_ANCHOR - Span::days(90), TimeFormat::Second));
    out.expired = Some(false);
    match released {
        Some(at) => {
            out.db_cluster_status = Some(ClusterStatus::Deleted);
            out.is_deleted = Some(ClusterReleased::Released);
            out.deleted_time = Some(Timestamp::from_datetime(at, TimeFormat::Second));
        }
        None => {
            out.db_cluster_status = Some(ClusterStatus::Running);
            out.is_deleted = Some(ClusterReleased::Existing);
        }
    }
    out
}

fn job(view: &View, now: OffsetDateTime) -> BackupJob {
    let b = &view.backup;
    let progress = b.progress(now);
    let mut out = BackupJob::default();
    out.backup_job_id = Some(b.id.to_string());
    out.start_time = Some(Timestamp::from_datetime(b.started, TimeFormat::Second));
    out.process = Some(progress.to_string());
    out.backup_progress_status = Some(match progress {
        0..=4 => BackupProgressStatus::Preparing,
        5..=89 => BackupProgressStatus::Uploading,
        _ => BackupProgressStatus::Checking,
    });
    let (mode, action) = match b.mode {
        Mode::Manual => (BackupMode::Manual, TaskAction::TempBackupTask),
        Mode::Automated => (BackupMode::Automated, TaskAction::NormalBackupTask),
    };
    out.job_mode = Some(mode);
    out.task_action = Some(action);
    out
}
