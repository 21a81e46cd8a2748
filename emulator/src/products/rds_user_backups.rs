//! RDS user backups (ImportUserBackupFile, ListUserBackupFiles, UpdateUserBackupFile, DeleteUserBackupFile): the
//! logic behind the thin delegating methods in `rds.rs`, on the region-scoped records of
//! `crate::model::UserBackups`. An import returns its id at once and progresses with the emulated backup delay
//! (Importing, CheckSuccess, BackupSuccess, or Failed for a file that is not an XtraBackup `_qp.xb` stream).

use alibabacloud_backup::rds::*;
use runtime::server::Fault;
use runtime::time::Timestamp;
use time::OffsetDateTime;

use super::now;
use crate::handle::Shared;
use crate::model::{UserBackup, UserBackupStatus};

fn wire_status(status: UserBackupStatus) -> UserBackupFileStatus {
    match status {
        UserBackupStatus::Importing => UserBackupFileStatus::Importing,
        UserBackupStatus::CheckSuccess => UserBackupFileStatus::CheckSuccess,
        UserBackupStatus::BackupSuccess => UserBackupFileStatus::BackupSuccess,
        UserBackupStatus::Failed => UserBackupFileStatus::Failed,
        UserBackupStatus::Deleted => UserBackupFileStatus::Deleted,
    }
}

/// Epoch milliseconds as the JSON string the service sends.
fn millis(at: OffsetDateTime) -> Timestamp {
    Timestamp::from_text((at.unix_timestamp_nanos() / 1_000_000).to_string())
}

fn oss_url(b: &UserBackup) -> String {
    format!("https://{}.oss-{}.aliyuncs.com/{}", b.bucket, b.location, b.object)
}

fn record(b: &UserBackup, now: OffsetDateTime) -> UserBackupFile {
    let status = b.status(now);
    let mut r = UserBackupFile::default();
    r.backup_id = Some(b.id.clone());
    r.status = Some(wire_status(status));
    r.creation_time = Some(millis(b.started));
    if now >= b.ends() && b.valid {
        r.finish_time = Some(millis(b.ends()));
    }
    r.modification_time = Some(millis(b.modification(now)));
    r.comment = b.comment.clone();
    r.oss_bucket = Some(b.bucket.clone());
    r.oss_file_path = Some(b.object.clone());
    r.oss_file_name = Some(b.object.rsplit('/').next().unwrap_or(&b.object).to_owned());
    r.oss_file_size = Some(b.size_kb);
    r.oss_url = Some(oss_url(b));
    r.oss_file_meta_data = Some(format!(
        "{{\"Content-Length\":{},\"Content-Type\":\"application/octet-stream\",\"Server\":\"AliyunOSS\",\"x-oss-storage-class\":\"Standard\"}}",
        b.size_kb * 1024
    ));
    r.engine = Some("mysql".to_owned());
    r.engine_version = Some(b.engine_version.clone());
    r.restore_size = Some(b.restore_size);
    r.retention = Some(b.retention);
    r.zone_id = b.zone_id.clone();
    r.reason = Some(match status {
        UserBackupStatus::Failed => "The backup file is not a valid XtraBackup (_qp.xb) stream.".to_owned(),
        _ => "success".to_owned(),
    });
    r
}

/// The bucket, object and location of ImportUserBackupFile's BackupFile JSON.
fn backup_file(text: &str) -> Option<(String, String, Option<String>)> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let field = |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty());
    Some((field("Bucket")?.to_owned(), field("Object")?.to_owned(), field("Location").map(str::to_owned)))
}

impl Shared {
    pub(super) fn rds_import_user_backup_file(
        &self,
        request: ImportUserBackupFileRequest,
    ) -> Result<ImportUserBackupFileResponse, Fault<ImportUserBackupFileErrorCode>> {
        let (bucket, object, location) = backup_file(&request.backup_file)
            .ok_or_else(|| Fault::new(ImportUserBackupFileErrorCode::InvalidBackupFileFormat))?;
        let location = location.unwrap_or_else(|| request.bucket_region.clone());
        // The bucket must be in the region the backup is imported into (the page: BucketRegion equals RegionId),
        // and the file must be a backup file (`.xb`).
        if request.bucket_region != request.region_id || location != request.bucket_region || !object.ends_with(".xb") {
            return Err(Fault::new(ImportUserBackupFileErrorCode::InvalidOssBackupFileInvalidFile));
        }
        let engine_version = request.engine_version.clone().unwrap_or_else(|| "5.7".to_owned());
        if engine_version != "5.7" && engine_version != "8.0" {
            return Err(Fault::new(ImportUserBackupFileErrorCode::InvalidBackupFileFormat)
                .with_message("The specified EngineVersion is not supported: user backups are MySQL 5.7 or 8.0."));
        }
        let now = now();
        let mut state = self.state();
        let size_kb = 64 * 1024 + i64::try_from(state.rng().below(1 << 20)).unwrap_or(0);
        // By default five times the file's size, and at least 20 GB.
        let default_restore =
            i32::try_from((size_kb * 5 + 1024 * 1024 - 1) / (1024 * 1024)).unwrap_or(i32::MAX).max(20);
        let duration = state.settings.delay;
        let id = state.rds_user_backups.next_id();
        let backup = UserBackup {
            id: id.clone(),
            region: request.region_id.clone(),
            valid: object.ends_with("_qp.xb"),
            bucket,
            object,
            location,
            engine_version,
            comment: request.comment.clone(),
            retention: request.retention.unwrap_or(30),
            restore_size: request.restore_size.unwrap_or(default_restore).max(20),
            zone_id: request.zone_id.clone(),
            size_kb,
            started: now,
            duration,
            modified: None,
            deleted: false,
        };
        state.rds_user_backups.insert(backup);
        let mut response = ImportUserBackupFileResponse::default();
        response.status = Some(true);
        response.backup_id = Some(id);
        Ok(response)
    }

    pub(super) fn rds_list_user_backup_files(
        &self,
        request: ListUserBackupFilesRequest,
    ) -> Result<ListUserBackupFilesResponse, Fault<ListUserBackupFilesErrorCode>> {
        let now = now();
        let state = self.state();
        let wanted = request.status.as_ref();
        let records: Vec<UserBackupFile> = state
            .rds_user_backups
            .in_region(&request.region_id)
            .filter(|b| {
                let status = wire_status(b.status(now));
                let status_ok = match wanted {
                    Some(w) => *w == status,
                    // Deleted user backups are listed only when asked for.
                    None => status != UserBackupFileStatus::Deleted,
                };
                status_ok
                    && request.backup_id.as_ref().is_none_or(|id| *id == b.id)
                    && request.comment.as_ref().is_none_or(|c| b.comment.as_ref().is_some_and(|bc| bc.contains(c)))
                    && request.oss_url.as_ref().is_none_or(|u| *u == oss_url(b))
                    // The emulator keeps no tags: a tag filter matches nothing.
                    && request.tags.is_none()
            })
            .map(|b| record(b, now))
            .collect();
        let mut response = ListUserBackupFilesResponse::default();
        response.records = Some(records);
        Ok(response)
    }

    pub(super) fn rds_update_user_backup_file(
        &self,
        request: UpdateUserBackupFileRequest,
    ) -> Result<UpdateUserBackupFileResponse, Fault<UpdateUserBackupFileErrorCode>> {
        let now = now();
        let mut state = self.state();
        let backup = state
            .rds_user_backups
            .live_mut(&request.region_id, &request.backup_id)
            .ok_or_else(|| Fault::new(UpdateUserBackupFileErrorCode::InvalidBackupSetIdNotFound))?;
        if request.comment.is_none() && request.retention.is_none() {
            return Err(Fault::new(UpdateUserBackupFileErrorCode::InvalidParam)
                .with_message("The specified parameter is invalid: give Comment or Retention."));
        }
        if let Some(comment) = &request.comment {
            backup.comment = Some(comment.clone());
        }
        if let Some(retention) = request.retention {
            backup.retention = retention;
        }
        backup.modified = Some(now);
        let mut response = UpdateUserBackupFileResponse::default();
        response.backup_id = Some(backup.id.clone());
        Ok(response)
    }

    pub(super) fn rds_delete_user_backup_file(
        &self,
        request: DeleteUserBackupFileRequest,
    ) -> Result<DeleteUserBackupFileResponse, Fault<DeleteUserBackupFileErrorCode>> {
        let now = now();
        let mut state = self.state();
        let backup = state
            .rds_user_backups
            .live_mut(&request.region_id, &request.backup_id)
            .ok_or_else(|| Fault::new(DeleteUserBackupFileErrorCode::InvalidBackupSetIdNotFound))?;
        backup.deleted = true;
        backup.modified = Some(now);
        let mut response = DeleteUserBackupFileResponse::default();
        response.backup_id = Some(backup.id.clone());
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::backup_file;

    #[test]
    fn backup_file_needs_bucket_and_object() {
        let (bucket, object, location) =
            backup_file(r#"{"Bucket":"test", "Object":"a/b_qp.xb","Location":"cn-hangzhou"}"#).expect("valid");
        assert_eq!((bucket.as_str(), object.as_str(), location.as_deref()), ("test", "a/b_qp.xb", Some("cn-hangzhou")));
        assert!(backup_file(r#"{"Bucket":"test"}"#).is_none());
        assert!(backup_file("not json").is_none());
    }
}
