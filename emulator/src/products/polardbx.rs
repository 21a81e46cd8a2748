//! PolarDB-X `CreateBackup` and `DescribeBackupSetList`: the one operation here that changes state, and the
//! listing its waiter polls. Times are epoch milliseconds as numbers; statuses, types and modes integer codes.

use alibabacloud_backup::polardbx::{
    server, BackupModel, BackupSet, BackupSetStatus, BackupType, CreateBackupError, CreateBackupRequest,
    CreateBackupResponse, CreateBackupType, CreatedBackupSet, DescribeBackupSetListError, DescribeBackupSetListRequest,
    DescribeBackupSetListResponse,
};
use runtime::server::{Context, DocumentedCode, Fault, Reply};
use runtime::time::{TimeFormat, Timestamp};

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
    ) -> Result<CreateBackupResponse, Fault<CreateBackupError>> {
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
        created.backup_set_id = i64::try_from(id).ok();
        let mut response = CreateBackupResponse::default();
        response.message = Some("success".to_owned());
        response.success = Some(true);
        response.data = vec![created];
        Ok(response)
    }

    async fn describe_backup_set_list(
        &self,
        _ctx: &Context,
        request: DescribeBackupSetListRequest,
    ) -> Result<DescribeBackupSetListResponse, Fault<DescribeBackupSetListError>> {
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
        response.data = page.iter().map(backup_set).collect();
        Ok(response)
    }
}

/// The instance, or the service's answer for an unknown one (the page documents no code; this is the one
/// the PolarDB-X service family uses).
fn find_instance<E: DocumentedCode>(state: &State, region: &str, name: &str) -> Result<(), Fault<E>> {
    match state.instance(Product::PolarDbX, name, Some(region)) {
        Some(_) => Ok(()),
        None => Err(Fault::custom(404, "InvalidDBInstanceName.NotFound", "The specified instance is not found.")),
    }
}

fn backup_set(view: &View) -> BackupSet {
    let b = &view.backup;
    let mut out = BackupSet::default();
    out.backup_set_id = i64::try_from(b.id).ok();
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

/// CreateBackup's `Data` as the service sends it: one object, not the page's array of one.
///
/// The generated type declares a list (the page's JSON sample is an array; its XML sample one object) and
/// reads either. The service's own model, in the official SDKs, declares one object and cannot read an array,
/// so the service sends an object; the emulator does the same. Other answers pass unchanged.
pub(crate) fn as_service_sends(action: &str, mut reply: Reply) -> Reply {
    if action != "CreateBackup" || reply.status != 200 {
        return reply;
    }
    if let Ok(mut body) = serde_json::from_str::<serde_json::Value>(&reply.body) {
        if let Some(data) = body.get_mut("Data") {
            if let Some(first) = data.as_array().filter(|a| a.len() == 1).and_then(|a| a.first()).cloned() {
                *data = first;
                reply.body = body.to_string();
            }
        }
    }
    reply
}
