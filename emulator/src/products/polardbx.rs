//! PolarDB-X `CreateBackup` and `DescribeBackupSetList`: the one operation here that changes state, and the
//! listing its waiter polls. Times are epoch milliseconds as numbers; statuses, types and modes integer codes.

use alibabacloud_backup::polardbx::{
    server, BackupModel, BackupPolicy, BackupSet, BackupSetDetail, BackupSetFile, BackupSetStatus, BackupType,
    CreateBackupErrorCode, CreateBackupRequest, CreateBackupResponse, CreateBackupType, CreatedBackupSet,
    DescribeBackupPolicyErrorCode, DescribeBackupPolicyRequest, DescribeBackupPolicyResponse,
    DescribeBackupSetErrorCode, DescribeBackupSetListErrorCode, DescribeBackupSetListRequest,
    DescribeBackupSetListResponse, DescribeBackupSetRequest, DescribeBackupSetResponse, ForceCleanOnHighSpaceUsage,
    UpdateBackupPolicyErrorCode, UpdateBackupPolicyRequest, UpdateBackupPolicyResponse,
};
use runtime::server::{Context, Fault};
use runtime::time::{TimeFormat, Timestamp};
use runtime::ErrorCode;

use super::{end_before_start, now, END_BEFORE_START};
use crate::handle::Shared;
use crate::model::px_redis::valid_px_period;
use crate::model::{Filter, Kind, Mode, Product, PxPolicy, State, Status, View};

/// The page documents no default page size; the emulator uses the page's example value.
const DEFAULT_PAGE_SIZE: i32 = 30;

impl server::Service for Shared {
    async fn create_backup(
        &self,
        _ctx: &Context,
        request: CreateBackupRequest,
    ) -> Result<CreateBackupResponse, Fault<CreateBackupErrorCode>> {
        let kind = match request.backup_type {
            Some(CreateBackupType::Fast) => Kind::Fast,
            _ => Kind::Full,
        };
        let id = {
            let mut state = self.state();
            find_instance(&state, &request.region_id, &request.db_instance_name)?;
            state.start_backup(&request.db_instance_name, Mode::Manual, kind, now())
        };
        let mut created = CreatedBackupSet::default();
        created.backup_set_id = Some(id.to_string());
        let mut response = CreateBackupResponse::default();
        response.message = Some("success".to_owned());
        response.success = Some(true);
        response.data = Some(created);
        Ok(response)
    }

    async fn describe_backup_set_list(
        &self,
        _ctx: &Context,
        request: DescribeBackupSetListRequest,
    ) -> Result<DescribeBackupSetListResponse, Fault<DescribeBackupSetListErrorCode>> {
        if end_before_start(request.start_time, request.end_time) {
            return Err(Fault::custom(400, "InvalidParameter", END_BEFORE_START));
        }
        let filter = Filter { start: request.start_time, end: request.end_time, ..Filter::default() };
        let number = request.page_number.unwrap_or(1);
        let size = request.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        let (_, page) = {
            let state = self.state();
            find_instance(&state, &request.region_id, &request.db_instance_name)?;
            state.page(&request.db_instance_name, &filter, now(), number, size)
        };
        let mut response = DescribeBackupSetListResponse::default();
        response.message = Some("success".to_owned());
        response.success = Some(true);
        response.data = Some(page.iter().map(backup_set).collect());
        Ok(response)
    }

    async fn describe_backup_set(
        &self,
        _ctx: &Context,
        request: DescribeBackupSetRequest,
    ) -> Result<DescribeBackupSetResponse, Fault<DescribeBackupSetErrorCode>> {
        let now = now();
        let view = {
            let state = self.state();
            match state.instance(Product::PolarDbX, &request.db_instance_name, request.region_id.as_deref()) {
                Some(_) => {}
                None => return Err(instance_not_found()),
            }
            request
                .backup_set_id
                .trim()
                .parse::<u64>()
                .ok()
                .and_then(|id| state.find(id, now))
                .filter(|v| v.backup.instance == request.db_instance_name)
        };
        let Some(view) = view else {
            return Err(Fault::custom(404, "InvalidBackupSetId.NotFound", "The specified backup set is not found."));
        };
        let mut response = DescribeBackupSetResponse::default();
        response.message = Some("success".to_owned());
        response.success = Some(true);
        response.data = Some(vec![backup_set_detail(&view, now)]);
        Ok(response)
    }

    async fn describe_backup_policy(
        &self,
        _ctx: &Context,
        request: DescribeBackupPolicyRequest,
    ) -> Result<DescribeBackupPolicyResponse, Fault<DescribeBackupPolicyErrorCode>> {
        let policy = {
            let mut state = self.state();
            find_instance(&state, &request.region_id, &request.db_instance_name)?;
            state.px_redis.px_policy(&request.db_instance_name).clone()
        };
        let mut response = DescribeBackupPolicyResponse::default();
        response.message = Some("success".to_owned());
        response.success = Some(true);
        response.data = Some(policy_out(&request.db_instance_name, &policy));
        Ok(response)
    }

    async fn update_backup_policy(
        &self,
        _ctx: &Context,
        request: UpdateBackupPolicyRequest,
    ) -> Result<UpdateBackupPolicyResponse, Fault<UpdateBackupPolicyErrorCode>> {
        if request.backup_period.as_deref().is_some_and(|p| !valid_px_period(p)) {
            return Err(invalid("BackupPeriod", "seven digits 0 or 1, Monday first, with at least two days"));
        }
        if request.backup_plan_begin.as_deref().is_some_and(|t| !valid_plan_begin(t)) {
            return Err(invalid("BackupPlanBegin", "a time of day HH:mmZ"));
        }
        let cross_region = request.is_cross_region_data_backup_enabled == Some(true)
            || request.is_cross_region_log_backup_enabled == Some(true);
        if cross_region && request.dest_cross_region.as_deref().is_none_or(str::is_empty) {
            return Err(invalid("DestCrossRegion", "the destination region of cross-region backups"));
        }
        let policy = {
            let mut state = self.state();
            find_instance(&state, &request.region_id, &request.db_instance_name)?;
            let p = state.px_redis.px_policy(&request.db_instance_name);
            apply(p, &request);
            p.clone()
        };
        let mut response = UpdateBackupPolicyResponse::default();
        response.message = Some("success".to_owned());
        response.success = Some(true);
        response.data = Some(policy_out(&request.db_instance_name, &policy));
        Ok(response)
    }
}

fn invalid<E: ErrorCode>(name: &str, what: &str) -> Fault<E> {
    Fault::custom(400, "InvalidParameter", format!("The specified parameter \"{name}\" is not valid: {what}."))
}

fn valid_plan_begin(text: &str) -> bool {
    let Some((h, m)) = text.strip_suffix('Z').and_then(|t| t.split_once(':')) else { return false };
    h.len() == 2 && m.len() == 2 && h.parse::<u8>().is_ok_and(|h| h < 24) && m.parse::<u8>().is_ok_and(|m| m < 60)
}

/// Sets the fields the request sent; the rest of the policy stays.
fn apply(p: &mut PxPolicy, r: &UpdateBackupPolicyRequest) {
    fn set<T: Clone>(to: &mut T, from: Option<&T>) {
        if let Some(v) = from {
            *to = v.clone();
        }
    }
    if let Some(t) = &r.backup_type {
        p.backup_type = t.as_str().to_owned();
    }
    if let Some(w) = &r.backup_way {
        p.backup_way = w.as_str().to_owned();
    }
    if let Some(f) = &r.force_clean_on_high_space_usage {
        p.force_clean_on_high_space_usage = i32::from(matches!(f, ForceCleanOnHighSpaceUsage::Enabled));
    }
    set(&mut p.backup_period, r.backup_period.as_ref());
    set(&mut p.backup_plan_begin, r.backup_plan_begin.as_ref());
    set(&mut p.backup_set_retention, r.backup_set_retention.as_ref());
    set(&mut p.is_enabled, r.is_enabled.as_ref());
    set(&mut p.local_log_retention, r.local_log_retention.as_ref());
    set(&mut p.remove_log_retention, r.remove_log_retention.as_ref());
    set(&mut p.log_local_retention_space, r.log_local_retention_space.as_ref());
    set(&mut p.local_log_retention_number, r.local_log_retention_number.as_ref());
    set(&mut p.cold_data_backup_interval, r.cold_data_backup_interval.as_ref());
    set(&mut p.cold_data_backup_retention, r.cold_data_backup_retention.as_ref());
    set(&mut p.cross_region_data, r.is_cross_region_data_backup_enabled.as_ref());
    set(&mut p.cross_region_log, r.is_cross_region_log_backup_enabled.as_ref());
    set(&mut p.dest_cross_region, r.dest_cross_region.as_ref());
    set(&mut p.cross_region_data_retention, r.cross_region_data_backup_retention.as_ref());
    set(&mut p.cross_region_log_retention, r.cross_region_log_backup_retention.as_ref());
    set(&mut p.cross_region_filter_value, r.cross_region_filter_value.as_ref());
}

fn policy_out(instance: &str, p: &PxPolicy) -> BackupPolicy {
    let mut out = BackupPolicy::default();
    out.db_instance_name = Some(instance.to_owned());
    out.is_enabled = Some(p.is_enabled);
    out.backup_type = Some(p.backup_type.clone());
    out.backup_way = Some(p.backup_way.clone());
    out.backup_period = Some(p.backup_period.clone());
    out.backup_plan_begin = Some(p.backup_plan_begin.clone());
    out.backup_set_retention = Some(p.backup_set_retention);
    out.force_clean_on_high_space_usage = Some(if p.force_clean_on_high_space_usage == 1 {
        ForceCleanOnHighSpaceUsage::Enabled
    } else {
        ForceCleanOnHighSpaceUsage::Disabled
    });
    out.local_log_retention = Some(p.local_log_retention);
    out.remove_log_retention = Some(p.remove_log_retention);
    out.log_local_retention_space = Some(p.log_local_retention_space);
    out.local_log_retention_number = Some(p.local_log_retention_number);
    out.cold_data_backup_interval = Some(p.cold_data_backup_interval);
    out.cold_data_backup_retention = Some(p.cold_data_backup_retention);
    out.is_cross_region_data_backup_enabled = Some(p.cross_region_data);
    out.is_cross_region_log_backup_enabled = Some(p.cross_region_log);
    out.dest_cross_region = Some(p.dest_cross_region.clone());
    out.cross_region_data_backup_retention = Some(p.cross_region_data_retention);
    out.cross_region_log_backup_retention = Some(p.cross_region_log_retention);
    out.cross_region_filter_value = Some(p.cross_region_filter_value.clone());
    out
}

fn backup_set_detail(view: &View, now: time::OffsetDateTime) -> BackupSetDetail {
    let set = backup_set(view);
    let b = &view.backup;
    let mut out = BackupSetDetail::default();
    out.backup_set_id = i64::try_from(b.id).ok();
    out.status = set.status;
    out.backup_type = set.backup_type;
    out.backup_model = set.backup_model;
    out.begin_time = set.begin_time;
    out.end_time = set.end_time;
    out.backup_set_size = set.backup_set_size;
    if view.status == Status::Success {
        let name = format!("hins{}_data_{}_qp.xb", b.id, b.started.unix_timestamp());
        let mut file = BackupSetFile::default();
        file.backup_set_file = Some(name.clone());
        file.download_link = Some(format!("https://rdsbak-emu.oss-cn-hangzhou.aliyuncs.com/{}/{name}", b.instance));
        file.intranet_download_link =
            Some(format!("http://rdsbak-emu.oss-cn-hangzhou-internal.aliyuncs.com/{}/{name}", b.instance));
        file.link_expired_time =
            Some(Timestamp::from_datetime(now + std::time::Duration::from_secs(2 * 24 * 3600), TimeFormat::Second));
        out.oss_list = Some(vec![file]);
    } else {
        out.oss_list = Some(Vec::new());
    }
    out
}

/// The instance, or the service's answer for an unknown one (the page documents no code; this is the one
/// the PolarDB-X service family uses).
fn find_instance<E: ErrorCode>(state: &State, region: &str, name: &str) -> Result<(), Fault<E>> {
    match state.instance(Product::PolarDbX, name, Some(region)) {
        Some(_) => Ok(()),
        None => Err(instance_not_found()),
    }
}

fn instance_not_found<E: ErrorCode>() -> Fault<E> {
    Fault::custom(404, "InvalidDBInstanceName.NotFound", "The specified instance is not found.")
}

fn backup_set(view: &View) -> BackupSet {
    let b = &view.backup;
    let mut out = BackupSet::default();
    out.backup_set_id = Some(b.id.to_string());
    out.status = Some(match view.status {
        Status::InProgress => BackupSetStatus::InProgress,
        Status::Success => BackupSetStatus::Succeeded,
        Status::Failed => BackupSetStatus::Failed,
    });
    out.backup_type = Some(match b.kind {
        Kind::Fast => BackupType::Fast,
        _ => BackupType::Consistent,
    });
    out.backup_model = Some(match b.mode {
        Mode::Manual => BackupModel::Manual,
        Mode::Automated => BackupModel::Automatic,
    });
    out.begin_time = Some(Timestamp::from_datetime(b.started, TimeFormat::EpochMillis));
    if view.status != Status::InProgress {
        out.end_time = Some(Timestamp::from_datetime(b.finished(), TimeFormat::EpochMillis));
    }
    out.backup_set_size = Some(if view.status == Status::Success { b.size } else { 0 });
    out
}
