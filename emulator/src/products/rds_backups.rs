//! RDS backup jobs, deletion, policy, log files and recovery windows: the logic behind the thin delegating
//! methods in `rds.rs`. Everything reads the shared backups of `crate::model`, so a job CreateBackup starts is
//! the backup DescribeBackups lists once it has finished, and log files and recovery windows follow the
//! succeeded backups.

use alibabacloud_backup::rds::*;
use runtime::server::Fault;
use runtime::time::{TimeFormat, Timestamp};
use runtime::ErrorCode;
use time::OffsetDateTime;

use super::{count, end_before_start, now};
use crate::handle::Shared;
use crate::model::{self, Filter, Kind, Mode, Product, State, Status, View};

const LINK_HOST: &str = "rdsbak-emu.oss-cn-hangzhou.aliyuncs.com";

fn instance_exists(state: &State, id: &str) -> bool {
    state.instance(Product::Rds, id, None).is_some()
}

fn not_found<E: ErrorCode>(code: E) -> Fault<E> {
    Fault::new(code)
}

fn job_state(view: &View, now: OffsetDateTime) -> BackupJobState {
    match view.status {
        Status::Success => BackupJobState::Finished,
        Status::Failed => BackupJobState::Failed,
        Status::InProgress => match view.backup.progress(now) {
            0..=9 => BackupJobState::Preparing,
            _ => BackupJobState::Uploading,
        },
    }
}

impl Shared {
    pub(super) fn rds_create_backup(
        &self,
        request: CreateBackupRequest,
    ) -> Result<CreateBackupResponse, Fault<CreateBackupErrorCode>> {
        let mut state = self.state();
        if !instance_exists(&state, &request.db_instance_id) {
            return Err(not_found(CreateBackupErrorCode::InvalidDbInstanceNameNotFound));
        }
        let databases = match (&request.backup_strategy, &request.db_name) {
            (Some(BackupStrategy::Database), None) => {
                return Err(Fault::new(CreateBackupErrorCode::InvalidDbNameFormat));
            }
            (_, Some(names)) => {
                let names: Vec<String> =
                    names.split(',').map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()).collect();
                if names.is_empty() || names.iter().any(|n| !model::DATABASES.contains(&n.as_str())) {
                    return Err(Fault::new(CreateBackupErrorCode::InvalidDbNotFound));
                }
                Some(names)
            }
            _ => None,
        };
        let job = state.start_rds_job(&request.db_instance_id, Kind::Full, databases, now());
        let mut response = CreateBackupResponse::default();
        response.backup_job_id = Some(job.id.to_string());
        Ok(response)
    }

    pub(super) fn rds_delete_backup(
        &self,
        request: DeleteBackupRequest,
    ) -> Result<DeleteBackupResponse, Fault<DeleteBackupErrorCode>> {
        let now = now();
        let mut state = self.state();
        if !instance_exists(&state, &request.db_instance_id) {
            return Err(not_found(DeleteBackupErrorCode::InvalidDbInstanceNameNotFound));
        }
        let ids: Vec<&str> = request.backup_id.split(',').map(str::trim).collect();
        if ids.len() > 100 {
            return Err(Fault::new(DeleteBackupErrorCode::DeleteBackupSetNumExceed));
        }
        // Check every ID before deleting any, so a bad list deletes nothing.
        let mut found = Vec::new();
        for id in ids {
            let view = id
                .parse::<u64>()
                .ok()
                .and_then(|n| state.find(n, now))
                .filter(|v| v.backup.instance == request.db_instance_id)
                .ok_or_else(|| Fault::new(DeleteBackupErrorCode::InvalidBackupSetIdNotFound))?;
            if view.status == Status::InProgress {
                return Err(Fault::new(DeleteBackupErrorCode::OperationDeniedBackupSetDeleteNotSupport));
            }
            found.push(view.backup.id);
        }
        for id in found {
            state.remove_backup(id);
        }
        Ok(DeleteBackupResponse::default())
    }

    pub(super) fn rds_delete_backup_file(
        &self,
        request: DeleteBackupFileRequest,
    ) -> Result<DeleteBackupFileResponse, Fault<DeleteBackupFileErrorCode>> {
        let now = now();
        let mut state = self.state();
        if !instance_exists(&state, &request.db_instance_id) {
            return Err(Fault::custom(
                404,
                "InvalidDBInstance.NotFound",
                "Specified instance does not exist or not support.",
            ));
        }
        let mut doomed = Vec::new();
        if let Some(ids) = &request.backup_id {
            for id in ids.split(',').map(str::trim) {
                let view = id
                    .parse::<u64>()
                    .ok()
                    .and_then(|n| state.find(n, now))
                    .filter(|v| v.backup.instance == request.db_instance_id && v.status != Status::InProgress)
                    .ok_or_else(|| Fault::new(DeleteBackupFileErrorCode::InvalidBackupSetIdNotFound))?;
                doomed.push(view.backup.id);
            }
        } else if let Some(before) = &request.backup_time {
            let before = OffsetDateTime::parse(before, &time::format_description::well_known::Rfc3339)
                .map_err(|_| Fault::custom(400, "InvalidBackupTime.Format", "Specified BackupTime is not valid."))?;
            let filter = Filter { end: Some(before), finished: true, ..Filter::default() };
            for view in state.list(&request.db_instance_id, &filter, now) {
                let held = state.rds.databases(view.backup.id);
                if request.db_name.as_ref().is_none_or(|db| held.iter().any(|h| h == db)) {
                    doomed.push(view.backup.id);
                }
            }
        } else {
            return Err(Fault::custom(400, "ParameterLeastAssociate", "Must input at least one optional parameter."));
        }
        for id in &doomed {
            state.remove_backup(*id);
        }
        let mut response = DeleteBackupFileResponse::default();
        response.deleted_bakset_ids = Some(doomed.iter().map(|id| i64::try_from(*id).unwrap_or(i64::MAX)).collect());
        Ok(response)
    }

    pub(super) fn rds_describe_backup_tasks(
        &self,
        request: DescribeBackupTasksRequest,
    ) -> Result<DescribeBackupTasksResponse, Fault<DescribeBackupTasksErrorCode>> {
        let now = now();
        let state = self.state();
        if !instance_exists(&state, &request.db_instance_id) {
            return Err(not_found(DescribeBackupTasksErrorCode::InvalidDbInstanceNotFound));
        }
        let mut items = Vec::new();
        for job in state.rds.jobs(&request.db_instance_id).into_iter().rev() {
            let Some(view) = state.find(job.backup, now) else { continue };
            if request.backup_job_id.is_some_and(|id| u64::try_from(id).ok() != Some(job.id)) {
                continue;
            }
            if matches!(request.backup_mode, Some(BackupMode::Automated)) {
                continue; // jobs started here are manual
            }
            let running = view.status == Status::InProgress;
            match request.backup_job_status {
                Some(BackupJobStatus::Progressing) | Some(BackupJobStatus::NoStart) if !running => continue,
                Some(BackupJobStatus::NoStart) => continue, // a job starts at once
                _ => {}
            }
            let state_now = job_state(&view, now);
            let mut item = BackupJob::default();
            item.backup_job_id = Some(job.id.to_string());
            item.process = Some(i32::from(view.backup.progress(now)));
            item.backup_status = Some(state_now.clone());
            item.backup_progress_status = Some(state_now);
            item.job_mode = Some(BackupMode::Manual);
            item.task_action = Some(TaskAction::TempBackupTask);
            if view.status == Status::Success && request.backup_job_id.is_some() {
                item.backup_id = Some(view.backup.id.to_string());
            }
            items.push(item);
        }
        let mut response = DescribeBackupTasksResponse::default();
        response.items = Some(items);
        Ok(response)
    }

    #[allow(deprecated)] // the service took the operation offline; the emulator still answers it
    pub(super) fn rds_describe_backup_database(
        &self,
        request: DescribeBackupDatabaseRequest,
    ) -> Result<DescribeBackupDatabaseResponse, Fault<DescribeBackupDatabaseErrorCode>> {
        let now = now();
        let state = self.state();
        if !instance_exists(&state, &request.db_instance_id) {
            return Err(not_found(DescribeBackupDatabaseErrorCode::InvalidDbInstanceNotFound));
        }
        let names = match &request.backup_id {
            Some(id) => {
                let view = id
                    .parse::<u64>()
                    .ok()
                    .and_then(|n| state.find(n, now))
                    .filter(|v| v.backup.instance == request.db_instance_id)
                    .ok_or_else(|| {
                        Fault::custom(404, "InvalidBackupSetID.NotFound", "Specified backup set ID does not exist.")
                    })?;
                state.rds.databases(view.backup.id)
            }
            None => model::DATABASES.iter().map(|d| (*d).to_owned()).collect(),
        };
        let mut response = DescribeBackupDatabaseResponse::default();
        response.database_names = Some(names.join(","));
        Ok(response)
    }

    pub(super) fn rds_describe_backup_policy(
        &self,
        request: DescribeBackupPolicyRequest,
    ) -> Result<DescribeBackupPolicyResponse, Fault<DescribeBackupPolicyErrorCode>> {
        let state = self.state();
        if !instance_exists(&state, &request.db_instance_id) {
            return Err(not_found(DescribeBackupPolicyErrorCode::InvalidDbInstanceNotFound));
        }
        let p = state.rds.policy(&request.db_instance_id);
        let mut r = DescribeBackupPolicyResponse::default();
        r.preferred_backup_time = Some(p.preferred_backup_time.clone());
        r.preferred_backup_period = Some(p.preferred_backup_period.clone());
        r.backup_retention_period = Some(p.backup_retention_period);
        r.log_backup_retention_period = Some(p.log_backup_retention_period);
        r.backup_log = Some(if p.backup_log { LogBackupSwitch::Enable } else { LogBackupSwitch::Disabled });
        r.enable_backup_log = Some(if p.backup_log { EnableBackupLog::On } else { EnableBackupLog::Off });
        r.local_log_retention_hours = Some(p.local_log_retention_hours);
        r.local_log_retention_space = Some(p.local_log_retention_space);
        r.high_space_usage_protection = Some(if p.high_space_usage_protection {
            HighSpaceUsageProtection::Enable
        } else {
            HighSpaceUsageProtection::Disable
        });
        r.log_backup_frequency = Some(p.log_backup_frequency.clone());
        r.compress_type = p.compress_type.parse().ok();
        r.archive_backup_retention_period = Some(p.archive_backup_retention_period);
        r.archive_backup_keep_policy = p.archive_backup_keep_policy.parse().ok();
        r.archive_backup_keep_count = Some(p.archive_backup_keep_count);
        r.released_keep_policy = p.released_keep_policy.parse().ok();
        r.log_backup_local_retention_number = Some(p.log_backup_local_retention_number);
        r.category = p.category.parse().ok();
        r.backup_interval = p.backup_interval.parse().ok();
        r.backup_method = p.backup_method.parse().ok();
        r.enable_increment_data_backup = Some(p.enable_increment_data_backup);
        r.backup_priority = Some(p.backup_priority);
        r.support_modify_backup_priority = Some(false);
        r.enable_pitr_protection = Some(p.enable_pitr_protection);
        r.pitr_retention_period = Some(p.pitr_retention_period);
        r.support_released_keep = Some(1);
        r.advanced_backup_policy_enabled = Some(false);
        let next = next_backup(&p.preferred_backup_time, now());
        r.preferred_next_backup_time = Some(Timestamp::from_datetime(next, TimeFormat::Minute));
        Ok(r)
    }

    pub(super) fn rds_modify_backup_policy(
        &self,
        request: ModifyBackupPolicyRequest,
    ) -> Result<ModifyBackupPolicyResponse, Fault<ModifyBackupPolicyErrorCode>> {
        let mut state = self.state();
        if !instance_exists(&state, &request.db_instance_id) {
            return Err(not_found(ModifyBackupPolicyErrorCode::InvalidDbInstanceIdNotFound));
        }
        let p = state.rds.policy_mut(&request.db_instance_id);
        if let Some(window) = &request.preferred_backup_time {
            if !valid_window(window) {
                return Err(Fault::custom(
                    400,
                    "InvalidPreferredBackupTime.Format",
                    "Specified preferred backup time is not valid.",
                ));
            }
            p.preferred_backup_time = window.clone();
        }
        if let Some(period) = &request.preferred_backup_period {
            p.preferred_backup_period = period.clone();
        }
        if let Some(days) = request.backup_retention_period {
            p.backup_retention_period = days;
        }
        if let Some(days) = request.log_backup_retention_period {
            p.log_backup_retention_period = days;
        }
        if let Some(v) = &request.backup_log {
            p.backup_log = matches!(v, LogBackupSwitch::Enable);
        }
        if let Some(v) = &request.enable_backup_log {
            p.backup_log = matches!(v, EnableBackupLog::On | EnableBackupLog::True);
        }
        if let Some(v) = request.local_log_retention_hours {
            p.local_log_retention_hours = v;
        }
        if let Some(v) = request.local_log_retention_space {
            p.local_log_retention_space = v;
        }
        if let Some(v) = &request.high_space_usage_protection {
            p.high_space_usage_protection = matches!(v, HighSpaceUsageProtection::Enable);
        }
        if let Some(v) = &request.log_backup_frequency {
            p.log_backup_frequency = v.clone();
        }
        if let Some(v) = &request.compress_type {
            p.compress_type = v.as_str().to_owned();
        }
        if let Some(v) = request.archive_backup_retention_period {
            p.archive_backup_retention_period = v;
        }
        if let Some(v) = &request.archive_backup_keep_policy {
            p.archive_backup_keep_policy = v.as_str().to_owned();
        }
        if let Some(v) = request.archive_backup_keep_count {
            p.archive_backup_keep_count = v;
        }
        if let Some(v) = &request.released_keep_policy {
            p.released_keep_policy = v.as_str().to_owned();
        }
        if let Some(v) = request.log_backup_local_retention_number {
            p.log_backup_local_retention_number = v;
        }
        if let Some(v) = &request.category {
            p.category = v.as_str().to_owned();
        }
        if let Some(v) = &request.backup_interval {
            p.backup_interval = v.clone();
        }
        if let Some(v) = &request.backup_method {
            p.backup_method = v.as_str().to_owned();
        }
        if let Some(v) = request.enable_increment_data_backup {
            p.enable_increment_data_backup = v;
        }
        if let Some(v) = request.backup_priority {
            p.backup_priority = v;
        }
        if let Some(v) = request.enable_pitr_protection {
            p.enable_pitr_protection = v;
        }
        let p = p.clone();
        let mut r = ModifyBackupPolicyResponse::default();
        r.db_instance_id = Some(request.db_instance_id.clone());
        r.compress_type = p.compress_type.parse().ok();
        r.local_log_retention_space = Some(p.local_log_retention_space);
        r.local_log_retention_hours = Some(p.local_log_retention_hours);
        r.log_backup_local_retention_number = Some(p.log_backup_local_retention_number);
        r.enable_backup_log = Some(if p.backup_log { EnableBackupLog::On } else { EnableBackupLog::Off });
        r.high_space_usage_protection = Some(if p.high_space_usage_protection {
            HighSpaceUsageProtection::Enable
        } else {
            HighSpaceUsageProtection::Disable
        });
        r.enable_increment_data_backup = Some(p.enable_increment_data_backup);
        r.enable_pitr_protection = Some(p.enable_pitr_protection);
        Ok(r)
    }

    /// The instance's log files that overlap `[start, end]`, the total size, and page `number` of `size`.
    fn rds_log_page(
        &self,
        instance: &str,
        start: OffsetDateTime,
        end: OffsetDateTime,
        number: i32,
        size: i32,
    ) -> (usize, i64, Vec<model::LogFile>) {
        let files: Vec<model::LogFile> = self
            .state()
            .log_files(instance, now())
            .into_iter()
            .rev()
            .filter(|f| f.end > start && f.begin < end)
            .collect();
        let total_size = files.iter().map(|f| f.size).sum();
        let skip = usize::try_from((number.max(1) - 1).saturating_mul(size)).unwrap_or(0);
        let page = files.iter().skip(skip).take(usize::try_from(size).unwrap_or(0)).cloned().collect();
        (files.len(), total_size, page)
    }

    pub(super) fn rds_describe_binlog_files(
        &self,
        request: DescribeBinlogFilesRequest,
    ) -> Result<DescribeBinlogFilesResponse, Fault<DescribeBinlogFilesErrorCode>> {
        if end_before_start(Some(request.start_time), Some(request.end_time)) {
            return Err(Fault::new(DescribeBinlogFilesErrorCode::InvalidParameterCombination));
        }
        if !instance_exists(&self.state(), &request.db_instance_id) {
            return Err(not_found(DescribeBinlogFilesErrorCode::InvalidDbInstanceNotFound));
        }
        let number = request.page_number.unwrap_or(1);
        let (total, bytes, page) = self.rds_log_page(
            &request.db_instance_id,
            request.start_time,
            request.end_time,
            number,
            request.page_size.unwrap_or(30),
        );
        let expires = now() + time::Duration::hours(1);
        let items: Vec<BinlogFile> = page
            .iter()
            .map(|f| {
                let mut out = BinlogFile::default();
                let path = format!("{}/mysql-bin.{:06}", f.instance, f.number);
                out.log_file_name = Some(format!("mysql-bin.{:06}", f.number));
                out.log_begin_time = Some(Timestamp::from_datetime(f.begin, TimeFormat::Second));
                out.log_end_time = Some(Timestamp::from_datetime(f.end, TimeFormat::Second));
                out.file_size = Some(f.size);
                out.remote_status = Some("Completed".to_owned());
                out.checksum = Some(format!("{:020}", f.after.wrapping_mul(2_654_435_761)));
                out.host_instance_id = Some(format!("{}", 5_000_000 + f.after % 1_000_000));
                out.download_link = Some(format!("http://{LINK_HOST}/{path}"));
                out.intranet_download_link =
                    Some(format!("http://{}/{path}", LINK_HOST.replace(".aliyuncs", "-internal.aliyuncs")));
                out.link_expired_time = Some(Timestamp::from_datetime(expires, TimeFormat::Second));
                out
            })
            .collect();
        let mut r = DescribeBinlogFilesResponse::default();
        r.page_number = Some(number);
        r.page_record_count = Some(count(items.len()));
        r.total_record_count = Some(count(total));
        r.total_file_size = Some(bytes);
        r.items = Some(items);
        Ok(r)
    }

    pub(super) fn rds_describe_log_backup_files(
        &self,
        request: DescribeLogBackupFilesRequest,
    ) -> Result<DescribeLogBackupFilesResponse, Fault<DescribeLogBackupFilesErrorCode>> {
        if end_before_start(Some(request.start_time), Some(request.end_time)) {
            return Err(Fault::new(DescribeLogBackupFilesErrorCode::InvalidParametersFormat));
        }
        if !instance_exists(&self.state(), &request.db_instance_id) {
            return Err(not_found(DescribeLogBackupFilesErrorCode::InvalidDbInstanceNotFound));
        }
        let number = request.page_number.unwrap_or(1);
        let (total, bytes, page) = self.rds_log_page(
            &request.db_instance_id,
            request.start_time,
            request.end_time,
            number,
            request.page_size.unwrap_or(30),
        );
        let expires = now() + time::Duration::hours(1);
        let items: Vec<LogBackupFile> = page
            .iter()
            .map(|f| {
                let mut out = LogBackupFile::default();
                let path = format!("{}/log_{:06}.trn", f.instance, f.number);
                out.log_begin_time = Some(Timestamp::from_datetime(f.begin, TimeFormat::Minute));
                out.log_end_time = Some(Timestamp::from_datetime(f.end, TimeFormat::Minute));
                out.file_size = Some(f.size);
                out.download_link = Some(format!("http://{LINK_HOST}/{path}"));
                out.intranet_download_link =
                    Some(format!("http://{}/{path}", LINK_HOST.replace(".aliyuncs", "-internal.aliyuncs")));
                out.link_expired_time = Some(Timestamp::from_datetime(expires, TimeFormat::Second));
                out
            })
            .collect();
        let mut r = DescribeLogBackupFilesResponse::default();
        r.page_number = Some(number);
        r.page_record_count = Some(count(items.len()));
        r.total_record_count = Some(count(total));
        r.total_file_size = Some(bytes);
        r.items = Some(items);
        Ok(r)
    }

    pub(super) fn rds_describe_detached_backups(
        &self,
        request: DescribeDetachedBackupsRequest,
    ) -> Result<DescribeDetachedBackupsResponse, Fault<DescribeDetachedBackupsErrorCode>> {
        if end_before_start(request.start_time, request.end_time) {
            return Err(Fault::custom(
                400,
                "InvalidParameterCombination",
                "The end time must be greater than the start time.",
            ));
        }
        let filter = Filter {
            start: request.start_time,
            end: request.end_time,
            status: match &request.backup_status {
                Some(BackupStatus::Failed) => Some(Status::Failed),
                Some(_) => Some(Status::Success),
                None => None,
            },
            mode: request.backup_mode.as_ref().map(|m| match m {
                BackupMode::Manual => Mode::Manual,
                _ => Mode::Automated,
            }),
            id: request.backup_id.as_ref().map(|id| id.parse().unwrap_or(u64::MAX)),
            finished: true,
            ..Filter::default()
        };
        let number = request.page_number.unwrap_or(1);
        let size = usize::try_from(request.page_size.unwrap_or(30)).unwrap_or(30);
        let all = self.state().detached(&request.region, request.db_instance_id.as_deref(), &filter, now());
        let skip = usize::try_from(number.max(1) - 1).unwrap_or(0).saturating_mul(size);
        let items: Vec<DetachedBackup> = all.iter().skip(skip).take(size).map(detached).collect();
        let mut r = DescribeDetachedBackupsResponse::default();
        r.page_number = Some(number);
        r.page_record_count = Some(count(items.len()));
        r.total_record_count = Some(count(all.len()));
        r.items = Some(items);
        Ok(r)
    }

    pub(super) fn rds_describe_local_available_recovery_time(
        &self,
        request: DescribeLocalAvailableRecoveryTimeRequest,
    ) -> Result<DescribeLocalAvailableRecoveryTimeResponse, Fault<DescribeLocalAvailableRecoveryTimeErrorCode>> {
        let state = self.state();
        if !instance_exists(&state, &request.db_instance_id) {
            return Err(not_found(DescribeLocalAvailableRecoveryTimeErrorCode::InvalidDbInstanceNotFound));
        }
        let (begin, end) = state
            .recovery_window(&request.db_instance_id, now())
            .ok_or_else(|| Fault::new(DescribeLocalAvailableRecoveryTimeErrorCode::InvalidBackupNotFound))?;
        let mut r = DescribeLocalAvailableRecoveryTimeResponse::default();
        r.db_instance_id = Some(request.db_instance_id.clone());
        r.recovery_begin_time = Some(Timestamp::from_datetime(begin, TimeFormat::Second));
        r.recovery_end_time = Some(Timestamp::from_datetime(end, TimeFormat::Second));
        Ok(r)
    }

    pub(super) fn rds_describe_available_recovery_time(
        &self,
        request: DescribeAvailableRecoveryTimeRequest,
    ) -> Result<DescribeAvailableRecoveryTimeResponse, Fault<DescribeAvailableRecoveryTimeErrorCode>> {
        // The emulator has no separate store of cross-region copies: a cross-region backup set is the copy of a
        // succeeded backup of an RDS instance and carries that backup's ID. Its window runs from its consistent
        // point to the end of the instance's log files.
        let now = now();
        let state = self.state();
        let view = u64::try_from(request.cross_backup_id)
            .ok()
            .and_then(|id| state.find(id, now))
            .filter(|v| v.status == Status::Success)
            .filter(|v| request.db_instance_id.as_ref().is_none_or(|i| *i == v.backup.instance))
            .ok_or_else(|| Fault::new(DescribeAvailableRecoveryTimeErrorCode::InvalidBackupSetIdNotFound))?;
        let end = state.recovery_window(&view.backup.instance, now).map_or(view.backup.finished(), |(_, end)| end);
        let region = state
            .instance(Product::Rds, &view.backup.instance, None)
            .map(|i| i.region.clone())
            .or_else(|| state.rds.released(&view.backup.instance).map(|i| i.region.clone()));
        let mut r = DescribeAvailableRecoveryTimeResponse::default();
        r.cross_backup_id = Some(request.cross_backup_id);
        r.region_id = request.region_id.clone().or(region);
        r.recovery_begin_time = Some(Timestamp::from_datetime(view.backup.finished(), TimeFormat::Second));
        r.recovery_end_time = Some(Timestamp::from_datetime(end, TimeFormat::Second));
        Ok(r)
    }
}

/// The next start of the daily backup window `HH:mmZ-HH:mmZ` after `now`.
fn next_backup(window: &str, now: OffsetDateTime) -> OffsetDateTime {
    let (h, m) = parse_hm(window.get(..6).unwrap_or("")).unwrap_or((15, 0));
    let today = now.replace_time(time::Time::from_hms(h, m, 0).unwrap_or(time::Time::MIDNIGHT));
    if today > now {
        today
    } else {
        today + time::Duration::days(1)
    }
}

fn parse_hm(text: &str) -> Option<(u8, u8)> {
    let (h, rest) = text.split_once(':')?;
    let m = rest.strip_suffix('Z')?;
    let (h, m) = (h.parse::<u8>().ok()?, m.parse::<u8>().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

fn valid_window(window: &str) -> bool {
    window.split_once('-').is_some_and(|(a, b)| parse_hm(a).is_some() && parse_hm(b).is_some())
}

fn detached(view: &View) -> DetachedBackup {
    let b = &view.backup;
    let success = view.status == Status::Success;
    let mut out = DetachedBackup::default();
    out.backup_id = Some(b.id.to_string());
    out.db_instance_id = Some(b.instance.clone());
    out.db_instance_comment = Some(format!("released instance {}", b.instance));
    out.backup_status = Some(if success { BackupStatus::Success } else { BackupStatus::Failed });
    out.backup_mode = Some(match b.mode {
        Mode::Manual => BackupMode::Manual,
        Mode::Automated => BackupMode::Automated,
    });
    out.backup_type = Some(match b.kind {
        Kind::Incremental => BackupType::IncrementalBackup,
        _ => BackupType::FullBackup,
    });
    out.backup_method = Some(BackupMethod::Physical);
    out.backup_start_time = Some(Timestamp::from_datetime(b.started, TimeFormat::Second));
    out.backup_end_time = Some(Timestamp::from_datetime(b.finished(), TimeFormat::Second));
    out.consistent_time = Some(b.finished().unix_timestamp());
    out.backup_size = Some(if success { b.size } else { 0 });
    out.is_avail = Some(if success { BackupAvailability::Available } else { BackupAvailability::Unavailable });
    out.store_status = Some(StoreStatus::Disabled);
    out.meta_status = Some(if success { MetaStatus::Ok } else { MetaStatus::NotRestorable });
    out.host_instance_id = Some(format!("{}", 5_000_000 + b.id % 1_000_000));
    out
}
