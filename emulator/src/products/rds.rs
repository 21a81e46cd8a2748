//! RDS `DescribeBackups`: the finished backup files of an instance, filtered and paged as the page documents
//! (PageSize 30, 50 or 100, default 30; counts sent as strings; the `{"Items": {"Backup": [...]}}` wrapper).

use alibabacloud_backup::rds::{
    server, Backup, BackupAvailability, BackupInitiator, BackupMethod, BackupMode, BackupStatus, BackupType,
    DescribeBackupsErrorCode, DescribeBackupsRequest, DescribeBackupsResponse, Engine, MetaStatus, StorageClass,
    StoreStatus,
};
use runtime::server::{Context, Fault};
use runtime::time::{TimeFormat, Timestamp};

use super::{count, end_before_start, now};
use crate::handle::Shared;
use crate::model::{Filter, Kind, Mode, Product, Status, View};

impl server::Service for Shared {
    async fn describe_backups(
        &self,
        _ctx: &Context,
        request: DescribeBackupsRequest,
    ) -> Result<DescribeBackupsResponse, Fault<DescribeBackupsErrorCode>> {
        let now = now();
        if end_before_start(request.start_time, request.end_time) {
            return Err(Fault::new(DescribeBackupsErrorCode::InvalidParameterCombination));
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
            kind: request.backup_type.as_ref().map(|t| match t {
                BackupType::IncrementalBackup => Kind::Incremental,
                _ => Kind::Full,
            }),
            id: match &request.backup_id {
                Some(id) => Some(id.parse().map_err(|_| Fault::new(DescribeBackupsErrorCode::InvalidBackupSet))?),
                None => None,
            },
            // Backup files exist once a backup has finished; running ones are not listed.
            finished: true,
        };
        let number = request.page_number.unwrap_or(1);
        let (total, page) = {
            let state = self.state();
            if state.instance(Product::Rds, &request.db_instance_id, None).is_none() {
                return Err(Fault::new(DescribeBackupsErrorCode::InvalidDbInstanceIdNotFound));
            }
            state.page(&request.db_instance_id, &filter, now, number, request.page_size.unwrap_or(30))
        };
        let items: Vec<Backup> = page.iter().map(backup).collect();
        let mut response = DescribeBackupsResponse::default();
        response.total_ecs_snapshot_size = Some(0);
        response.page_number = Some(number);
        response.page_record_count = Some(count(items.len()));
        response.total_record_count = Some(count(total));
        response.items = Some(items);
        Ok(response)
    }

    async fn import_user_backup_file(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::ImportUserBackupFileRequest,
    ) -> Result<
        alibabacloud_backup::rds::ImportUserBackupFileResponse,
        Fault<alibabacloud_backup::rds::ImportUserBackupFileErrorCode>,
    > {
        self.rds_import_user_backup_file(request)
    }

    async fn list_user_backup_files(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::ListUserBackupFilesRequest,
    ) -> Result<
        alibabacloud_backup::rds::ListUserBackupFilesResponse,
        Fault<alibabacloud_backup::rds::ListUserBackupFilesErrorCode>,
    > {
        self.rds_list_user_backup_files(request)
    }

    async fn update_user_backup_file(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::UpdateUserBackupFileRequest,
    ) -> Result<
        alibabacloud_backup::rds::UpdateUserBackupFileResponse,
        Fault<alibabacloud_backup::rds::UpdateUserBackupFileErrorCode>,
    > {
        self.rds_update_user_backup_file(request)
    }

    async fn delete_user_backup_file(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DeleteUserBackupFileRequest,
    ) -> Result<
        alibabacloud_backup::rds::DeleteUserBackupFileResponse,
        Fault<alibabacloud_backup::rds::DeleteUserBackupFileErrorCode>,
    > {
        self.rds_delete_user_backup_file(request)
    }

    async fn create_backup(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::CreateBackupRequest,
    ) -> Result<alibabacloud_backup::rds::CreateBackupResponse, Fault<alibabacloud_backup::rds::CreateBackupErrorCode>>
    {
        self.rds_create_backup(request)
    }

    async fn delete_backup(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DeleteBackupRequest,
    ) -> Result<alibabacloud_backup::rds::DeleteBackupResponse, Fault<alibabacloud_backup::rds::DeleteBackupErrorCode>>
    {
        self.rds_delete_backup(request)
    }

    async fn delete_backup_file(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DeleteBackupFileRequest,
    ) -> Result<
        alibabacloud_backup::rds::DeleteBackupFileResponse,
        Fault<alibabacloud_backup::rds::DeleteBackupFileErrorCode>,
    > {
        self.rds_delete_backup_file(request)
    }

    async fn describe_backup_policy(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeBackupPolicyRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeBackupPolicyResponse,
        Fault<alibabacloud_backup::rds::DescribeBackupPolicyErrorCode>,
    > {
        self.rds_describe_backup_policy(request)
    }

    async fn modify_backup_policy(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::ModifyBackupPolicyRequest,
    ) -> Result<
        alibabacloud_backup::rds::ModifyBackupPolicyResponse,
        Fault<alibabacloud_backup::rds::ModifyBackupPolicyErrorCode>,
    > {
        self.rds_modify_backup_policy(request)
    }

    async fn describe_backup_tasks(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeBackupTasksRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeBackupTasksResponse,
        Fault<alibabacloud_backup::rds::DescribeBackupTasksErrorCode>,
    > {
        self.rds_describe_backup_tasks(request)
    }

    #[allow(deprecated)] // the service took the operation offline; the emulator still answers it
    async fn describe_backup_database(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeBackupDatabaseRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeBackupDatabaseResponse,
        Fault<alibabacloud_backup::rds::DescribeBackupDatabaseErrorCode>,
    > {
        self.rds_describe_backup_database(request)
    }

    async fn describe_binlog_files(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeBinlogFilesRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeBinlogFilesResponse,
        Fault<alibabacloud_backup::rds::DescribeBinlogFilesErrorCode>,
    > {
        self.rds_describe_binlog_files(request)
    }

    async fn describe_log_backup_files(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeLogBackupFilesRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeLogBackupFilesResponse,
        Fault<alibabacloud_backup::rds::DescribeLogBackupFilesErrorCode>,
    > {
        self.rds_describe_log_backup_files(request)
    }

    async fn describe_detached_backups(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeDetachedBackupsRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeDetachedBackupsResponse,
        Fault<alibabacloud_backup::rds::DescribeDetachedBackupsErrorCode>,
    > {
        self.rds_describe_detached_backups(request)
    }

    async fn describe_available_recovery_time(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeAvailableRecoveryTimeRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeAvailableRecoveryTimeResponse,
        Fault<alibabacloud_backup::rds::DescribeAvailableRecoveryTimeErrorCode>,
    > {
        self.rds_describe_available_recovery_time(request)
    }

    async fn describe_local_available_recovery_time(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeLocalAvailableRecoveryTimeRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeLocalAvailableRecoveryTimeResponse,
        Fault<alibabacloud_backup::rds::DescribeLocalAvailableRecoveryTimeErrorCode>,
    > {
        self.rds_describe_local_available_recovery_time(request)
    }

    // Restore, clone and cross-region backup operations: see rds_restore.rs.

    async fn clone_db_instance(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::CloneDBInstanceRequest,
    ) -> Result<
        alibabacloud_backup::rds::CloneDBInstanceResponse,
        Fault<alibabacloud_backup::rds::CloneDBInstanceErrorCode>,
    > {
        self.rr_clone_db_instance(request)
    }

    async fn recovery_db_instance(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::RecoveryDBInstanceRequest,
    ) -> Result<
        alibabacloud_backup::rds::RecoveryDBInstanceResponse,
        Fault<alibabacloud_backup::rds::RecoveryDBInstanceErrorCode>,
    > {
        self.rr_recovery_db_instance(request)
    }

    async fn restore_table(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::RestoreTableRequest,
    ) -> Result<alibabacloud_backup::rds::RestoreTableResponse, Fault<alibabacloud_backup::rds::RestoreTableErrorCode>>
    {
        self.rr_restore_table(request)
    }

    async fn restore_ddr_table(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::RestoreDdrTableRequest,
    ) -> Result<
        alibabacloud_backup::rds::RestoreDdrTableResponse,
        Fault<alibabacloud_backup::rds::RestoreDdrTableErrorCode>,
    > {
        self.rr_restore_ddr_table(request)
    }

    async fn describe_db_instances_for_clone(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeDBInstancesForCloneRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeDBInstancesForCloneResponse,
        Fault<alibabacloud_backup::rds::DescribeDBInstancesForCloneErrorCode>,
    > {
        self.rr_describe_db_instances_for_clone(request)
    }

    async fn describe_cross_backup_meta_list(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeCrossBackupMetaListRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeCrossBackupMetaListResponse,
        Fault<alibabacloud_backup::rds::DescribeCrossBackupMetaListErrorCode>,
    > {
        self.rr_describe_cross_backup_meta_list(request)
    }

    async fn describe_cross_region_backup_db_instance(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeCrossRegionBackupDBInstanceRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeCrossRegionBackupDBInstanceResponse,
        Fault<alibabacloud_backup::rds::DescribeCrossRegionBackupDBInstanceErrorCode>,
    > {
        self.rr_describe_cross_region_backup_db_instance(request)
    }

    async fn describe_cross_region_backups(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeCrossRegionBackupsRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeCrossRegionBackupsResponse,
        Fault<alibabacloud_backup::rds::DescribeCrossRegionBackupsErrorCode>,
    > {
        self.rr_describe_cross_region_backups(request)
    }

    async fn describe_cross_region_log_backup_files(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeCrossRegionLogBackupFilesRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeCrossRegionLogBackupFilesResponse,
        Fault<alibabacloud_backup::rds::DescribeCrossRegionLogBackupFilesErrorCode>,
    > {
        self.rr_describe_cross_region_log_backup_files(request)
    }

    async fn describe_instance_cross_backup_policy(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::DescribeInstanceCrossBackupPolicyRequest,
    ) -> Result<
        alibabacloud_backup::rds::DescribeInstanceCrossBackupPolicyResponse,
        Fault<alibabacloud_backup::rds::DescribeInstanceCrossBackupPolicyErrorCode>,
    > {
        self.rr_describe_instance_cross_backup_policy(request)
    }

    async fn modify_instance_cross_backup_policy(
        &self,
        _ctx: &Context,
        request: alibabacloud_backup::rds::ModifyInstanceCrossBackupPolicyRequest,
    ) -> Result<
        alibabacloud_backup::rds::ModifyInstanceCrossBackupPolicyResponse,
        Fault<alibabacloud_backup::rds::ModifyInstanceCrossBackupPolicyErrorCode>,
    > {
        self.rr_modify_instance_cross_backup_policy(request)
    }
}

fn backup(view: &View) -> Backup {
    let b = &view.backup;
    let success = view.status == Status::Success;
    let mut out = Backup::default();
    out.backup_id = Some(b.id.to_string());
    out.db_instance_id = Some(b.instance.clone());
    out.backup_status = Some(if success { BackupStatus::Success } else { BackupStatus::Failed });
    out.backup_mode = Some(match b.mode {
        Mode::Manual => BackupMode::Manual,
        Mode::Automated => BackupMode::Automated,
    });
    out.backup_type = Some(match b.kind {
        Kind::Incremental => BackupType::IncrementalBackup,
        _ => BackupType::FullBackup,
    });
    out.backup_initiator = Some(match b.mode {
        Mode::Manual => BackupInitiator::User,
        Mode::Automated => BackupInitiator::System,
    });
    out.backup_method = Some(BackupMethod::Physical);
    // The service sends seconds where the page documents minutes (see the spec's page_claim).
    out.backup_start_time = Some(Timestamp::from_datetime(b.started, TimeFormat::Second));
    out.backup_end_time = Some(Timestamp::from_datetime(b.finished(), TimeFormat::Second));
    out.consistent_time = Some(b.finished().unix_timestamp());
    out.backup_size = Some(if success { b.size } else { 0 });
    out.is_avail = Some(if success { BackupAvailability::Available } else { BackupAvailability::Unavailable });
    out.store_status = Some(StoreStatus::Disabled);
    out.storage_class = Some(StorageClass::Regular);
    out.meta_status = Some(if success { MetaStatus::Ok } else { MetaStatus::NotRestorable });
    out.host_instance_id = Some(format!("{}", 5_000_000 + b.id % 1_000_000));
    out.engine = Some(Engine::MySql);
    out.engine_version = Some("8.0".to_owned());
    out.encryption = Some("{}".to_owned());
    out.checksum = Some(format!("{:020}", b.id.wrapping_mul(2_654_435_761)));
    if success {
        let path = format!("custins{}/hins{}_{}.tar.gz", b.id % 100_000, b.id, b.started.unix_timestamp());
        out.backup_download_url = Some(format!("http://rdsbak-emu.oss-cn-hangzhou.aliyuncs.com/{path}"));
        out.backup_intranet_download_url =
            Some(format!("http://rdsbak-emu.oss-cn-hangzhou-internal.aliyuncs.com/{path}"));
    }
    out
}
