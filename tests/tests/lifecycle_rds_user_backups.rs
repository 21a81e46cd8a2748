//! RDS user backups through the generated client against the in-process emulator: ImportUserBackupFile starts an
//! import that ListUserBackupFiles reports (Importing, then BackupSuccess; the UserBackupFileImported waiter,
//! including its Failed outcome for a file that is not an XtraBackup `_qp.xb` stream); the list filters by id,
//! status, comment and OSS URL; UpdateUserBackupFile changes what the list shows; DeleteUserBackupFile removes it
//! (listed again only as Deleted); bad input and unknown ids get the documented codes.

mod emulator_support;

use alibabacloud_backup::rds::{self, ListUserBackupFilesRequest, UserBackupFileStatus};
use alibabacloud_backup::runtime::waiter::WaitError;
use alibabacloud_backup::OperationError;
use emulator_support::*;

const FILE: &str = r#"{"Bucket":"mybucket", "Object":"backups/employees_qp.xb","Location":"cn-hangzhou"}"#;

fn poll() -> ListUserBackupFilesRequest {
    ListUserBackupFilesRequest::builder().region_id(REGION).build().expect("valid")
}

async fn import(c: &rds::Client, file: &str, comment: &str) -> String {
    let imported = c
        .import_user_backup_file()
        .region_id(REGION)
        .bucket_region(REGION)
        .backup_file(file)
        .comment(comment)
        .retention(7)
        .zone_id("cn-hangzhou-b")
        .send()
        .await
        .expect("ImportUserBackupFile");
    assert_eq!(imported.status, Some(true));
    imported.backup_id.expect("a backup id")
}

async fn listed(c: &rds::Client, id: &str) -> Vec<rds::UserBackupFile> {
    let page = c.list_user_backup_files().region_id(REGION).backup_id(id).send().await.expect("ListUserBackupFiles");
    page.records().to_vec()
}

#[tokio::test]
async fn an_import_progresses_is_updated_and_deleted() {
    let emu = start().await;
    let c = clients(config(&emu)).rds;

    let id = import(&c, FILE, "nightly dump").await;
    assert!(id.starts_with("b-"), "{id}");
    let running = listed(&c, &id).await;
    assert_eq!(running.len(), 1);
    let r = &running[0];
    assert_eq!(r.status, Some(UserBackupFileStatus::Importing));
    assert_eq!(r.finish_time, None, "not finished yet");
    assert_eq!(
        (r.oss_bucket.as_deref(), r.oss_file_path.as_deref(), r.oss_file_name.as_deref()),
        (Some("mybucket"), Some("backups/employees_qp.xb"), Some("employees_qp.xb"))
    );
    assert_eq!(
        (r.comment.as_deref(), r.retention, r.zone_id.as_deref()),
        (Some("nightly dump"), Some(7), Some("cn-hangzhou-b"))
    );
    assert_eq!((r.engine.as_deref(), r.engine_version.as_deref()), (Some("mysql"), Some("5.7")));
    assert!(r.restore_size.is_some_and(|s| s >= 20));
    assert!(r.creation_time.as_ref().and_then(|t| t.to_datetime()).is_some(), "epoch millis");

    let done = c.wait_until_user_backup_file_imported(poll(), &id).options(quick()).await.expect("imported");
    assert_eq!(done.status, Some(UserBackupFileStatus::BackupSuccess));
    let (start, finish) =
        (done.creation_time.and_then(|t| t.to_datetime()), done.finish_time.and_then(|t| t.to_datetime()));
    assert!(start.is_some() && finish.is_some() && start <= finish);

    // Filters: by status, by comment (partial), by OSS URL.
    let ok = c
        .list_user_backup_files()
        .region_id(REGION)
        .status(UserBackupFileStatus::BackupSuccess)
        .send()
        .await
        .expect("by status");
    assert!(ok.records().iter().any(|r| r.backup_id.as_deref() == Some(id.as_str())));
    let importing = c
        .list_user_backup_files()
        .region_id(REGION)
        .status(UserBackupFileStatus::Importing)
        .send()
        .await
        .expect("by status");
    assert!(importing.records().iter().all(|r| r.backup_id.as_deref() != Some(id.as_str())));
    let by_comment = c.list_user_backup_files().region_id(REGION).comment("nightly").send().await.expect("comment");
    assert_eq!(by_comment.records().len(), 1);
    let url = done.oss_url.clone().expect("an OSS URL");
    let by_url = c.list_user_backup_files().region_id(REGION).oss_url(&url).send().await.expect("url");
    assert_eq!(by_url.records()[0].backup_id.as_deref(), Some(id.as_str()));
    let elsewhere = c.list_user_backup_files().region_id("cn-beijing").send().await.expect("another region");
    assert!(elsewhere.records().is_empty(), "user backups belong to their region");

    let updated = c
        .update_user_backup_file()
        .region_id(REGION)
        .backup_id(&id)
        .comment("kept for audit")
        .retention(90)
        .send()
        .await
        .expect("UpdateUserBackupFile");
    assert_eq!(updated.backup_id.as_deref(), Some(id.as_str()));
    let after = listed(&c, &id).await;
    assert_eq!((after[0].comment.as_deref(), after[0].retention), (Some("kept for audit"), Some(90)));

    let deleted = c.delete_user_backup_file().region_id(REGION).backup_id(&id).send().await.expect("Delete");
    assert_eq!(deleted.backup_id.as_deref(), Some(id.as_str()));
    assert!(listed(&c, &id).await.is_empty(), "gone from the list");
    let tombstones = c
        .list_user_backup_files()
        .region_id(REGION)
        .status(UserBackupFileStatus::Deleted)
        .send()
        .await
        .expect("deleted ones");
    assert_eq!(tombstones.records()[0].backup_id.as_deref(), Some(id.as_str()));

    let Err(OperationError::Service(e)) = c.delete_user_backup_file().region_id(REGION).backup_id(&id).send().await
    else {
        panic!("a deleted user backup cannot be deleted again");
    };
    assert_eq!(e.code, rds::DeleteUserBackupFileErrorCode::InvalidBackupSetIdNotFound);
    let Err(OperationError::Service(e)) =
        c.update_user_backup_file().region_id(REGION).backup_id(&id).retention(3).send().await
    else {
        panic!("a deleted user backup cannot be updated");
    };
    assert_eq!(e.code, rds::UpdateUserBackupFileErrorCode::InvalidBackupSetIdNotFound);
}

#[tokio::test]
async fn an_invalid_file_fails_the_wait() {
    let emu = start().await;
    let c = clients(config(&emu)).rds;
    let id = import(&c, r#"{"Bucket":"mybucket","Object":"dump.xb"}"#, "not qp").await;
    let Err(WaitError::Failed(item)) = c.wait_until_user_backup_file_imported(poll(), &id).options(quick()).await
    else {
        panic!("the import fails");
    };
    assert_eq!(item.status, Some(UserBackupFileStatus::Failed));
    assert!(item.reason.is_some_and(|r| r != "success"));
}

#[tokio::test]
async fn bad_input_gets_the_documented_codes() {
    let emu = start().await;
    let c = clients(config(&emu)).rds;

    let send = |file: &'static str, bucket_region: &'static str| {
        c.import_user_backup_file().region_id(REGION).bucket_region(bucket_region).backup_file(file).send()
    };
    let Err(OperationError::Service(e)) = send("not json", REGION).await else { panic!("bad JSON") };
    assert_eq!(e.code, rds::ImportUserBackupFileErrorCode::InvalidBackupFileFormat);
    let Err(OperationError::Service(e)) = send(r#"{"Bucket":"b"}"#, REGION).await else { panic!("no object") };
    assert_eq!(e.code, rds::ImportUserBackupFileErrorCode::InvalidBackupFileFormat);
    let Err(OperationError::Service(e)) = send(FILE, "cn-beijing").await else { panic!("another region") };
    assert_eq!(e.code, rds::ImportUserBackupFileErrorCode::InvalidOssBackupFileInvalidFile);
    let Err(OperationError::Service(e)) = send(r#"{"Bucket":"b","Object":"x.sql"}"#, REGION).await else {
        panic!("not a backup file")
    };
    assert_eq!(e.code, rds::ImportUserBackupFileErrorCode::InvalidOssBackupFileInvalidFile);

    let Err(OperationError::Service(e)) =
        c.update_user_backup_file().region_id(REGION).backup_id("b-nosuchbackup").comment("ab").send().await
    else {
        panic!("unknown id");
    };
    assert_eq!(e.code, rds::UpdateUserBackupFileErrorCode::InvalidBackupSetIdNotFound);
    let Err(OperationError::Service(e)) =
        c.delete_user_backup_file().region_id(REGION).backup_id("b-nosuchbackup").send().await
    else {
        panic!("unknown id");
    };
    assert_eq!(e.code, rds::DeleteUserBackupFileErrorCode::InvalidBackupSetIdNotFound);

    // An update with nothing to change is refused; so is an id of another region.
    let id = import(&c, FILE, "x1").await;
    let Err(OperationError::Service(e)) = c.update_user_backup_file().region_id(REGION).backup_id(&id).send().await
    else {
        panic!("nothing to change");
    };
    assert_eq!(e.code, rds::UpdateUserBackupFileErrorCode::InvalidParam);
    let Err(OperationError::Service(e)) =
        c.delete_user_backup_file().region_id("cn-beijing").backup_id(&id).send().await
    else {
        panic!("another region");
    };
    assert_eq!(e.code, rds::DeleteUserBackupFileErrorCode::InvalidBackupSetIdNotFound);

    // The client refuses a retention below 1 and a one-character comment before sending.
    let low = c.update_user_backup_file().region_id(REGION).backup_id(&id).retention(0).send().await;
    assert!(matches!(low, Err(OperationError::InvalidRequest(_))), "{low:?}");
    let short = c.update_user_backup_file().region_id(REGION).backup_id(&id).comment("a").send().await;
    assert!(matches!(short, Err(OperationError::InvalidRequest(_))), "{short:?}");
}
