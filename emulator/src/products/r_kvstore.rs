//! Redis / Tair `DescribeClusterBackupList`: cluster backup sets, each holding one backup per shard, in the
//! service's mixed encodings (sizes as strings, the cluster's `IsAvail` a number but the shard's a string,
//! the shard's end time without its `Z`).

use alibabacloud_backup::r_kvstore::{
    server, Backup, BackupJob, BackupLogSwitch, BackupMethod, BackupMode, BackupProgressStatus, BackupStatus,
    BackupType, ClusterBackup, ClusterBackupStatus, CreateBackupErrorCode, CreateBackupRequest, CreateBackupResponse,
    DbsInstance, DescribeBackupPolicyErrorCode, DescribeBackupPolicyRequest, DescribeBackupPolicyResponse,
    DescribeBackupTasksErrorCode, DescribeBackupTasksRequest, DescribeBackupTasksResponse, DescribeBackupsErrorCode,
    DescribeBackupsRequest, DescribeBackupsResponse, DescribeClusterBackupListErrorCode,
    DescribeClusterBackupListRequest, DescribeClusterBackupListResponse, ModifyBackupPolicyErrorCode,
    ModifyBackupPolicyRequest, ModifyBackupPolicyResponse, RestoreInstanceErrorCode, RestoreInstanceRequest,
    RestoreInstanceResponse, RestoreType, ShardBackup, ShardBackupStatus, TaskAction,
};
use runtime::server::{Context, Fault};
use runtime::time::{TimeFormat, Timestamp};
use runtime::ErrorCode;
use time::format_description::FormatItem;
use time::macros::format_description;

use super::{count, end_before_start, now, END_BEFORE_START};
use crate::handle::Shared;
use crate::model::px_redis::{redis_days, redis_next_backup, redis_window_start};
use crate::model::{Filter, Kind, Mode, Product, Restore, RestoreSource, State, Status, View};

/// Shards per cluster backup.
const SHARDS: u64 = 2;
/// The shard's end time as the service sends it: seconds and no `Z` (see the spec's page_claim).
const NO_ZONE: &[FormatItem<'_>] = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");

impl server::Service for Shared {
    async fn describe_cluster_backup_list(
        &self,
        _ctx: &Context,
        request: DescribeClusterBackupListRequest,
    ) -> Result<DescribeClusterBackupListResponse, Fault<DescribeClusterBackupListErrorCode>> {
        let now = now();
        if end_before_start(Some(request.start_time), Some(request.end_time)) {
            return Err(Fault::custom(400, "InvalidParameter", END_BEFORE_START));
        }
        // An id that is not one of ours names no backup: an empty list.
        let id = request
            .cluster_backup_id
            .as_ref()
            .map(|text| text.strip_prefix("cb-emu").and_then(|n| n.parse().ok()).unwrap_or(u64::MAX));
        let filter = Filter { start: Some(request.start_time), end: Some(request.end_time), id, ..Filter::default() };
        let number = request.page_number.unwrap_or(1);
        let size = request.page_size.unwrap_or(30);
        let (page, full_size) = {
            let state = self.state();
            if state.instance(Product::Redis, &request.instance_id, Some(&request.region_id)).is_none() {
                return Err(Fault::custom(404, "InvalidInstanceId.NotFound", "The specified instance is not found."));
            }
            let full_size = state.total_size(&request.instance_id, now);
            (state.page(&request.instance_id, &filter, now, number, size).1, full_size)
        };
        let mut response = DescribeClusterBackupListResponse::default();
        response.page_number = Some(number);
        response.page_size = Some(size);
        response.max_results = Some(count(page.len()));
        response.full_storage_size = Some(full_size);
        response.log_storage_size = Some(0);
        response.free_size = Some(1024 * 1024 * 1024);
        response.cluster_backups = Some(page.iter().map(|v| cluster_backup(v, now)).collect());
        Ok(response)
    }

    async fn create_backup(
        &self,
        _ctx: &Context,
        request: CreateBackupRequest,
    ) -> Result<CreateBackupResponse, Fault<CreateBackupErrorCode>> {
        if request.backup_retention_period.is_some_and(|d| d != -1 && !(7..=730).contains(&d)) {
            return Err(invalid("BackupRetentionPeriod", "7 to 730 days, or -1"));
        }
        let id = {
            let mut state = self.state();
            find_instance(&state, &request.instance_id)?;
            state.start_backup(&request.instance_id, Mode::Manual, Kind::Full, now())
        };
        let mut response = CreateBackupResponse::default();
        response.backup_job_id = Some(id.to_string());
        Ok(response)
    }

    async fn describe_backup_tasks(
        &self,
        _ctx: &Context,
        request: DescribeBackupTasksRequest,
    ) -> Result<DescribeBackupTasksResponse, Fault<DescribeBackupTasksErrorCode>> {
        let now = now();
        // A job id that is not one of ours names no job: an empty list.
        let id = request.backup_job_id.as_deref().map(|t| t.trim().parse::<u64>().unwrap_or(u64::MAX));
        let mode = request.job_mode.as_ref().map(|m| match m {
            BackupMode::Manual => Mode::Manual,
            _ => Mode::Automated,
        });
        let views = {
            let state = self.state();
            find_instance(&state, &request.instance_id)?;
            // Running jobs; a job asked for by id is shown also once finished (as Finished).
            let filter = Filter { id, mode, ..Filter::default() };
            let mut views = state.list(&request.instance_id, &filter, now);
            if id.is_none() {
                views.retain(|v| v.status == Status::InProgress);
            }
            views
        };
        let mut response = DescribeBackupTasksResponse::default();
        response.instance_id = Some(request.instance_id.clone());
        response.backup_jobs = Some(views.iter().map(|v| backup_job(v, now)).collect());
        Ok(response)
    }

    async fn describe_backups(
        &self,
        _ctx: &Context,
        request: DescribeBackupsRequest,
    ) -> Result<DescribeBackupsResponse, Fault<DescribeBackupsErrorCode>> {
        let now = now();
        if end_before_start(Some(request.start_time), Some(request.end_time)) {
            return Err(Fault::new(DescribeBackupsErrorCode::InvalidStartTimeAndEndTimeMalformed));
        }
        // One backup file per job here (a standard instance), so the file id and the job id are the same.
        let ids = [request.backup_id, request.backup_job_id];
        let mut wanted = ids.iter().flatten().map(|id| u64::try_from(*id).unwrap_or(u64::MAX));
        let id = wanted.next();
        if wanted.next().is_some_and(|other| Some(other) != id) {
            return Ok(empty_backups(&request));
        }
        let filter = Filter {
            start: Some(request.start_time),
            end: Some(request.end_time),
            id,
            finished: true,
            ..Filter::default()
        };
        let number = request.page_number.unwrap_or(1);
        let size = request.page_size.unwrap_or(30);
        let (total, page, full_size) = {
            let state = self.state();
            find_instance(&state, &request.instance_id)?;
            let (total, page) = state.page(&request.instance_id, &filter, now, number, size);
            (total, page, state.total_size(&request.instance_id, now))
        };
        let mut response = empty_backups(&request);
        response.total_count = Some(count(total));
        response.full_storage_size = Some(full_size);
        response.backups = Some(page.iter().map(backup_file).collect());
        Ok(response)
    }

    async fn describe_backup_policy(
        &self,
        _ctx: &Context,
        request: DescribeBackupPolicyRequest,
    ) -> Result<DescribeBackupPolicyResponse, Fault<DescribeBackupPolicyErrorCode>> {
        let now = now();
        let policy = {
            let mut state = self.state();
            find_instance(&state, &request.instance_id)?;
            state.px_redis.redis_policy(&request.instance_id).clone()
        };
        let mut response = DescribeBackupPolicyResponse::default();
        response.backup_retention_period = Some(policy.retention);
        response.preferred_backup_period = Some(policy.period.clone());
        response.preferred_backup_time = Some(policy.window.clone());
        response.preferred_next_backup_time =
            redis_next_backup(&policy, now).map(|t| Timestamp::from_datetime(t, TimeFormat::Minute));
        response.enable_backup_log =
            Some(if policy.log_backup_since.is_some() { BackupLogSwitch::Enabled } else { BackupLogSwitch::Disabled });
        response.dbs_instance = Some(DbsInstance::Disabled);
        Ok(response)
    }

    async fn modify_backup_policy(
        &self,
        _ctx: &Context,
        request: ModifyBackupPolicyRequest,
    ) -> Result<ModifyBackupPolicyResponse, Fault<ModifyBackupPolicyErrorCode>> {
        if redis_window_start(&request.preferred_backup_time).is_none() {
            return Err(invalid("PreferredBackupTime", "HH:mmZ-HH:mmZ, on the hour and one hour long"));
        }
        let Some(days) = redis_days(&request.preferred_backup_period) else {
            return Err(invalid("PreferredBackupPeriod", "day names (Monday to Sunday) separated by commas"));
        };
        let now = now();
        {
            let mut state = self.state();
            find_instance(&state, &request.instance_id)?;
            let policy = state.px_redis.redis_policy(&request.instance_id);
            policy.window = request.preferred_backup_time.clone();
            policy.period = days
                .iter()
                .filter_map(|d| crate::model::px_redis::DAYS.get(usize::from(*d)))
                .copied()
                .collect::<Vec<_>>()
                .join(",");
            if let Some(days) = request.backup_retention_period {
                policy.retention = days;
            }
            match request.enable_backup_log {
                Some(BackupLogSwitch::Enabled) => {
                    policy.log_backup_since.get_or_insert(now);
                }
                Some(BackupLogSwitch::Disabled) => policy.log_backup_since = None,
                _ => {}
            }
        }
        Ok(ModifyBackupPolicyResponse::default())
    }

    async fn restore_instance(
        &self,
        _ctx: &Context,
        request: RestoreInstanceRequest,
    ) -> Result<RestoreInstanceResponse, Fault<RestoreInstanceErrorCode>> {
        let now = now();
        let point_in_time = matches!(request.restore_type, Some(RestoreType::PointInTime));
        let mut state = self.state();
        find_instance(&state, &request.instance_id)?;
        let source = if point_in_time {
            let Some(at) = request.restore_time else {
                return Err(Fault::new(RestoreInstanceErrorCode::MissingParameter));
            };
            if request.backup_id.is_some() {
                return Err(Fault::new(RestoreInstanceErrorCode::ResroreParamNotMatch));
            }
            let Some(since) = state.px_redis.redis_policy(&request.instance_id).log_backup_since else {
                // Point-in-time restore needs data flashback (ModifyBackupPolicy EnableBackupLog=1).
                return Err(Fault::new(RestoreInstanceErrorCode::ServiceNotSupport));
            };
            if at < since || at > now {
                return Err(Fault::new(RestoreInstanceErrorCode::InvalidBinlogNotValid));
            }
            if request.time_shift.is_some_and(|shift| shift < at || shift > now) {
                return Err(invalid("TimeShift", "between RestoreTime and now"));
            }
            RestoreSource::PointInTime(at, request.filter_key.clone())
        } else {
            if request.restore_time.is_some() || request.filter_key.is_some() {
                return Err(Fault::new(RestoreInstanceErrorCode::ResroreParamNotMatch));
            }
            let Some(text) = request.backup_id.as_deref() else {
                return Err(Fault::new(RestoreInstanceErrorCode::MissingParameter));
            };
            let backup = text
                .trim()
                .parse::<u64>()
                .ok()
                .and_then(|id| state.find(id, now))
                .filter(|v| v.backup.instance == request.instance_id && v.status == Status::Success);
            match backup {
                Some(v) => RestoreSource::Backup(v.backup.id),
                None => {
                    return Err(Fault::custom(
                        404,
                        "InvalidBackupId.NotFound",
                        "The specified backup is not found or cannot be restored.",
                    ))
                }
            }
        };
        state.px_redis.restores.push(Restore { instance: request.instance_id.clone(), source, at: now });
        Ok(RestoreInstanceResponse::default())
    }
}

/// The instance, or the service's answer for an unknown one (these requests carry no region).
fn find_instance<E: ErrorCode>(state: &State, id: &str) -> Result<(), Fault<E>> {
    match state.instance(Product::Redis, id, None) {
        Some(_) => Ok(()),
        None => Err(Fault::custom(404, "InvalidInstanceId.NotFound", "The specified instance is not found.")),
    }
}

fn invalid<E: ErrorCode>(name: &str, what: &str) -> Fault<E> {
    Fault::custom(400, "InvalidParameter", format!("The specified parameter \"{name}\" is not valid: {what}."))
}

fn empty_backups(request: &DescribeBackupsRequest) -> DescribeBackupsResponse {
    let mut response = DescribeBackupsResponse::default();
    response.page_number = Some(request.page_number.unwrap_or(1));
    response.page_size = Some(request.page_size.unwrap_or(30));
    response.total_count = Some(0);
    response.full_storage_size = Some(0);
    response.log_storage_size = Some(0);
    response.free_size = Some(1024 * 1024 * 1024);
    response.backups = Some(Vec::new());
    response
}

fn backup_job(view: &View, now: time::OffsetDateTime) -> BackupJob {
    let b = &view.backup;
    let progress = b.progress(now);
    let mut out = BackupJob::default();
    out.backup_job_id = i64::try_from(b.id).ok();
    out.start_time = Some(Timestamp::from_datetime(b.started, TimeFormat::Second));
    out.job_mode = Some(match b.mode {
        Mode::Manual => BackupMode::Manual,
        Mode::Automated => BackupMode::Automated,
    });
    out.task_action = Some(match b.mode {
        Mode::Manual => TaskAction::TempBackupTask,
        Mode::Automated => TaskAction::NormalBackupTask,
    });
    out.backup_progress_status = Some(match (view.status, progress) {
        (Status::InProgress, 0..=9) => BackupProgressStatus::Preparing,
        (Status::InProgress, 10..=79) => BackupProgressStatus::Uploading,
        (Status::InProgress, _) => BackupProgressStatus::Checking,
        _ => BackupProgressStatus::Finished,
    });
    out.process = Some(progress.to_string());
    out.progress = Some(progress.to_string());
    out.node_id = Some(format!("{}-db-0", b.instance));
    out
}

fn backup_file(view: &View) -> Backup {
    let b = &view.backup;
    let ok = view.status == Status::Success;
    let mut out = Backup::default();
    out.backup_id = i64::try_from(b.id).ok();
    out.backup_job_id = i64::try_from(b.id).ok();
    out.backup_status = Some(if ok { BackupStatus::Success } else { BackupStatus::Failed });
    out.backup_start_time = Some(Timestamp::from_datetime(b.started, TimeFormat::Second));
    out.backup_end_time = Some(Timestamp::from_datetime(b.finished(), TimeFormat::Second));
    out.backup_type = Some(BackupType::FullBackup);
    out.backup_mode = Some(match b.mode {
        Mode::Manual => BackupMode::Manual,
        Mode::Automated => BackupMode::Automated,
    });
    out.backup_method = Some(BackupMethod::Physical);
    out.backup_size = Some(if ok { b.size } else { 0 });
    out.backup_db_names = Some("all".to_owned());
    out.node_instance_id = Some(format!("{}-db-0", b.instance));
    out.engine_version = Some("5.0".to_owned());
    if ok {
        let name = format!("hins{}_data_{}.rdb", b.id, b.started.unix_timestamp());
        out.backup_download_url = Some(format!("https://rdsbak-emu.oss-cn-hangzhou.aliyuncs.com/{name}"));
        out.backup_intranet_download_url =
            Some(format!("https://rdsbak-emu.oss-cn-hangzhou-internal.aliyuncs.com/{name}"));
    }
    out.recover_config_mode = Some(String::new());
    out
}

fn cluster_backup(view: &View, now: time::OffsetDateTime) -> ClusterBackup {
    let b = &view.backup;
    let ok = view.status == Status::Success;
    let mut out = ClusterBackup::default();
    out.cluster_backup_id = Some(format!("cb-emu{}", b.id));
    out.cluster_backup_status = Some(match view.status {
        Status::InProgress => ClusterBackupStatus::Running,
        Status::Success => ClusterBackupStatus::Ok,
        Status::Failed => ClusterBackupStatus::Failed,
    });
    out.cluster_backup_size = Some(if ok { b.size } else { 0 });
    out.cluster_backup_start_time = Some(Timestamp::from_datetime(b.started, TimeFormat::Second));
    if view.status != Status::InProgress {
        out.cluster_backup_end_time = Some(Timestamp::from_datetime(b.finished(), TimeFormat::Second));
    }
    out.cluster_backup_mode = Some(match b.mode {
        Mode::Manual => "Manual".to_owned(),
        Mode::Automated => "Automated".to_owned(),
    });
    out.is_avail = Some(i32::from(ok));
    out.shard_class_memory = Some(1024);
    out.progress = Some(format!("{}%", b.progress(now)));
    if view.status != Status::InProgress {
        out.backups = Some((0..SHARDS).map(|shard| shard_backup(view, shard)).collect());
    }
    out
}

fn shard_backup(view: &View, shard: u64) -> ShardBackup {
    let b = &view.backup;
    let ok = view.status == Status::Success;
    let id = b.id * 10 + shard;
    let name = format!("hins{id}_data_{}.rdb", b.started.unix_timestamp());
    let mut out = ShardBackup::default();
    out.backup_id = Some(id.to_string());
    out.instance_name = Some(format!("{}-shard{shard}", b.instance));
    out.backup_name = Some(name.clone());
    out.backup_download_url = Some(format!("http://rdsbak-emu.oss-cn-hangzhou.aliyuncs.com/{name}"));
    out.backup_intranet_download_url = Some(format!("http://rdsbak-emu.oss-cn-hangzhou-internal.aliyuncs.com/{name}"));
    out.backup_start_time = Some(Timestamp::from_datetime(b.started, TimeFormat::Second));
    out.backup_end_time = b.finished().format(NO_ZONE).ok().map(Timestamp::from_text);
    out.backup_size = Some(if ok { b.size / i64::try_from(SHARDS).unwrap_or(1) } else { 0 });
    out.is_avail = Some(i32::from(ok));
    out.backup_status = Some(if ok { ShardBackupStatus::Ok } else { ShardBackupStatus::Error });
    out.engine = Some("redis".to_owned());
    let mut extra = serde_json::Map::new();
    extra.insert("CustinsDbVersion".to_owned(), serde_json::Value::from("5.0"));
    out.extra_info = Some(serde_json::Value::Object(extra));
    out
}
