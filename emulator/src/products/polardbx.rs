//! PolarDB-X `CreateBackup` and `DescribeBackupSetList`: the one operation here that changes state, and the
//! listing its waiter polls. Times are epoch milliseconds as numbers; statuses, types and modes integer codes.

use alibabacloud_backup::polardbx::{
    server, BackupModel, BackupSet, BackupSetStatus, BackupType, CreateBackupErrorCode, CreateBackupRequest,
    CreateBackupResponse, CreateBackupType, CreatedBackupSet, DescribeBackupSetListErrorCode,
    DescribeBackupSetListRequest, DescribeBackupSetListResponse,
};
use runtime::server::{Context, Fault};
use runtime::time::{TimeFormat, Timestamp};
use runtime::ErrorCode;

use super::{end_before_start, now, END_BEFORE_START};
use crate::handle::Shared;
use crate::model::{Filter, Kind, Mode, Product, State, Status, View};

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
}

/// The instance, or the service's answer for an unknown one (the page documents no code; this is the one
/// the PolarDB-X service family uses).
fn find_instance<E: ErrorCode>(state: &State, region: &str, name: &str) -> Result<(), Fault<E>> {
    match state.instance(Product::PolarDbX, name, Some(region)) {
        Some(_) => Ok(()),
        None => Err(Fault::custom(404, "InvalidDBInstanceName.NotFound", "The specified instance is not found.")),
    }
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
