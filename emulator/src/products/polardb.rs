//! PolarDB `DescribeBackupTasks`: the backup tasks running on a cluster, with their progress.

use alibabacloud_backup::polardb::{
    server, BackupJob, BackupMode, BackupProgressStatus, DescribeBackupTasksErrorCode, DescribeBackupTasksRequest,
    DescribeBackupTasksResponse, TaskAction,
};
use runtime::server::{Context, Fault};
use runtime::time::{TimeFormat, Timestamp};

use super::now;
use crate::handle::Shared;
use crate::model::{Filter, Mode, Product, Status, View};

impl server::Service for Shared {
    async fn describe_backup_tasks(
        &self,
        _ctx: &Context,
        request: DescribeBackupTasksRequest,
    ) -> Result<DescribeBackupTasksResponse, Fault<DescribeBackupTasksErrorCode>> {
        let now = now();
        let filter = Filter {
            mode: request.backup_mode.as_ref().map(|m| match m {
                BackupMode::Manual => Mode::Manual,
                _ => Mode::Automated,
            }),
            // An id that is not a number names no task: an empty list, as for any unknown id.
            id: request.backup_job_id.as_ref().map(|id| id.parse().unwrap_or(u64::MAX)),
            status: Some(Status::InProgress),
            ..Filter::default()
        };
        let views = {
            let state = self.state();
            if state.instance(Product::PolarDb, &request.db_cluster_id, None).is_none() {
                return Err(Fault::new(DescribeBackupTasksErrorCode::InvalidDbClusterIdNotFound));
            }
            state.list(&request.db_cluster_id, &filter, now)
        };
        let mut response = DescribeBackupTasksResponse::default();
        response.items = Some(views.iter().map(|v| job(v, now)).collect());
        Ok(response)
    }
}

fn job(view: &View, now: time::OffsetDateTime) -> BackupJob {
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
