//! RDS restore, clone and cross-region backup operations: CloneDBInstance, RecoveryDBInstance, RestoreTable,
//! RestoreDdrTable, DescribeDBInstancesForClone, the cross-region backup policy (Describe/Modify
//! InstanceCrossBackupPolicy, DescribeCrossRegionBackupDBInstance) and the cross-region listings
//! (DescribeCrossRegionBackups, DescribeCrossRegionLogBackupFiles, DescribeCrossBackupMetaList).
//!
//! A clone or a recovery refers to a succeeded backup of the source instance (as DescribeBackups lists it)
//! or a point in time between the source's oldest succeeded backup and now; it adds a new RDS instance that is
//! `Creating` for the configured backup delay, then `Running` (DescribeDBInstancesForClone reports it, and
//! DescribeBackups knows it, with no backups yet). A table restore makes its instance `Restoring` for the same
//! delay. The cross-region listings follow the instance's policy (see `crate::model::restore`). The methods
//! are inherent; `rds.rs` delegates the generated trait's methods to them.

use alibabacloud_backup::rds::{
    BackupMeta, CloneCandidate, CloneDBInstanceErrorCode, CloneDBInstanceRequest, CloneDBInstanceResponse,
    CrossBackupInstance, CrossBackupKind, CrossBackupMethod, CrossBackupRetentionType, CrossBackupSaveType,
    CrossBackupScale, CrossBackupSetStatus, CrossBackupState, CrossBackupSwitch, CrossRegionBackup,
    CrossRegionLogBackup, DdrRestoreType, DescribeCrossBackupMetaListErrorCode, DescribeCrossBackupMetaListRequest,
    DescribeCrossBackupMetaListResponse, DescribeCrossRegionBackupDBInstanceErrorCode,
    DescribeCrossRegionBackupDBInstanceRequest, DescribeCrossRegionBackupDBInstanceResponse,
    DescribeCrossRegionBackupsErrorCode, DescribeCrossRegionBackupsRequest, DescribeCrossRegionBackupsResponse,
    DescribeCrossRegionLogBackupFilesErrorCode, DescribeCrossRegionLogBackupFilesRequest,
    DescribeCrossRegionLogBackupFilesResponse, DescribeDBInstancesForCloneErrorCode,
    DescribeDBInstancesForCloneRequest, DescribeDBInstancesForCloneResponse,
    DescribeInstanceCrossBackupPolicyErrorCode, DescribeInstanceCrossBackupPolicyRequest,
    DescribeInstanceCrossBackupPolicyResponse, InstanceCategory, InstanceConnectionMode, InstanceEngine,
    InstanceLockMode, InstanceNetType, InstanceNetworkType, InstancePayType, InstanceRole, InstanceStatus,
    InstanceStorageType, ModifyInstanceCrossBackupPolicyErrorCode, ModifyInstanceCrossBackupPolicyRequest,
    ModifyInstanceCrossBackupPolicyResponse, PurchasePeriod, RecoveryDBInstanceErrorCode, RecoveryDBInstanceRequest,
    RecoveryDBInstanceResponse, RestoreDdrTableErrorCode, RestoreDdrTableRequest, RestoreDdrTableResponse,
    RestoreTableErrorCode, RestoreTableRequest, RestoreTableResponse,
};
use runtime::server::Fault;
use runtime::time::{TimeFormat, Timestamp};
use runtime::ErrorCode;
use time::{Duration, OffsetDateTime};

use super::{count, now};
use crate::handle::Shared;
use crate::model::restore::{CrossPolicy, NewInstance, Origin, RestorePoint};
use crate::model::{Filter, Instance, Product, State, Status, View};

/// The databases every emulated backup holds, with their tables and table sizes in KB.
const DATABASES: [(&str, &str, &str); 4] = [
    ("orders", "order_items,orders,payments", "2048,8192,1024"),
    ("users", "accounts,profiles", "512,256"),
    ("test1", "t1,t2", "16,16"),
    ("test2", "t1", "8"),
];

/// The engine version every emulated RDS instance runs.
const ENGINE_VERSION: &str = "8.0";

fn ts(at: OffsetDateTime) -> Timestamp {
    Timestamp::from_datetime(at, TimeFormat::Second)
}

/// The RDS instance `id` (in `region`, when given), or `code` (its NotFound code).
fn rds_instance<E: ErrorCode>(state: &State, id: &str, region: Option<&str>, code: E) -> Result<Instance, Fault<E>> {
    state
        .instance(Product::Rds, id, region)
        .cloned()
        .ok_or_else(|| Fault::new(code).with_message(format!("The DBInstanceId \"{id}\" does not exist in records.")))
}

/// A succeeded backup of `instance` with this id.
fn succeeded_backup(state: &State, instance: &str, id: &str, now: OffsetDateTime) -> Option<View> {
    let id: u64 = id.trim().parse().ok()?;
    state.find(id, now).filter(|v| v.backup.instance == instance && v.status == Status::Success)
}

/// Whether `at` is a restorable point of `instance`: after its oldest succeeded backup finished, not in the future.
fn restorable(state: &State, instance: &str, at: OffsetDateTime, now: OffsetDateTime) -> bool {
    let done = Filter { status: Some(Status::Success), finished: true, ..Filter::default() };
    let oldest = state.list(instance, &done, now).last().map(|v| v.backup.finished());
    oldest.is_some_and(|t| t <= at) && at <= now
}

/// Checks a TableMeta parameter: a non-empty JSON array of `{"type":"db","name":...}` naming known databases.
fn table_meta_ok(meta: &str) -> Result<(), &'static str> {
    let value: serde_json::Value = serde_json::from_str(meta).map_err(|_| "TableMeta is not valid JSON.")?;
    let list = value.as_array().filter(|l| !l.is_empty()).ok_or("TableMeta must be a non-empty JSON array.")?;
    for db in list {
        let name = db.get("name").and_then(|n| n.as_str()).ok_or("Each database in TableMeta needs a name.")?;
        if !DATABASES.iter().any(|(d, _, _)| *d == name) {
            return Err("A database named in TableMeta does not exist in the backup.");
        }
    }
    Ok(())
}

/// The instance's cross-region copies of its succeeded backups at `now`, newest first (none while off).
fn cross_copies(state: &State, instance: &str, policy: &CrossPolicy, now: OffsetDateTime) -> Vec<View> {
    if !policy.backup_enabled {
        return Vec::new();
    }
    let window = policy.window_start(now);
    let done = Filter { status: Some(Status::Success), finished: true, ..Filter::default() };
    state.list(instance, &done, now).into_iter().filter(|v| v.backup.finished() >= window).collect()
}

/// The instance `id` holds the cross-region copy `cross_id`, found over every instance.
fn find_copy(state: &State, cross_id: &str, now: OffsetDateTime) -> Option<(String, View)> {
    let id: u64 = cross_id.trim().parse().ok()?;
    let view = state.find(id, now)?;
    let policy = state.restore.policy(&view.backup.instance);
    cross_copies(state, &view.backup.instance, &policy, now)
        .into_iter()
        .find(|v| v.backup.id == id)
        .map(|v| (v.backup.instance.clone(), v))
}

fn page<T: Clone>(items: &[T], number: i32, size: i32) -> Vec<T> {
    let size = usize::try_from(size.max(1)).unwrap_or(1);
    let skip = usize::try_from(number.max(1) - 1).unwrap_or(0).saturating_mul(size);
    items.iter().skip(skip).take(size).cloned().collect()
}

fn switch(on: bool) -> CrossBackupState {
    if on {
        CrossBackupState::Enable
    } else {
        CrossBackupState::Disable
    }
}

/// One listed instance as DescribeDBInstancesForClone shows it.
fn candidate(state: &State, instance: &Instance, now: OffsetDateTime) -> CloneCandidate {
    let created = state.restore.created.get(&instance.id);
    let mut out = CloneCandidate::default();
    out.db_instance_id = Some(instance.id.clone());
    out.region_id = Some(instance.region.clone());
    out.zone_id = Some(format!("{}-h", instance.region));
    out.db_instance_status = Some(match state.restore.busy(&instance.id, now) {
        Some("Creating") => InstanceStatus::Creating,
        Some(_) => InstanceStatus::Restoring,
        None => InstanceStatus::Running,
    });
    out.engine = Some(InstanceEngine::MySql);
    out.engine_version = Some(ENGINE_VERSION.to_owned());
    out.db_instance_type = Some(InstanceRole::Primary);
    out.db_instance_class = Some(created.map_or_else(|| "mysql.n2.medium.1".to_owned(), |c| c.class.clone()));
    out.pay_type = Some(match created.map(|c| c.pay_type.as_str()) {
        Some("Prepaid") => InstancePayType::Prepaid,
        Some("Serverless") => InstancePayType::Serverless,
        _ => InstancePayType::Postpaid,
    });
    out.db_instance_description = created.and_then(|c| c.description.clone()).or_else(|| Some(instance.id.clone()));
    out.create_time = Some(ts(created.map_or(crate::model::SEED_ANCHOR - Duration::days(400), |c| c.created)));
    out.category = Some(InstanceCategory::HighAvailability);
    out.db_instance_storage_type = Some(InstanceStorageType::CloudEssd);
    out.instance_network_type = Some(InstanceNetworkType::Vpc);
    out.connection_mode = Some(InstanceConnectionMode::Standard);
    out.db_instance_net_type = Some(InstanceNetType::Intranet);
    out.lock_mode = Some(InstanceLockMode::Unlock);
    out.mutri_o_rsignle = Some(false);
    out.read_only_db_instance_ids = Some(Vec::new());
    out
}

/// The policy fields common to the three policy answers.
struct PolicyView {
    backup_enabled: CrossBackupState,
    log_enabled: CrossBackupState,
    region: Option<String>,
    retention: i32,
    backup_enabled_time: Option<Timestamp>,
    log_enabled_time: Option<Timestamp>,
    status: InstanceStatus,
}

fn policy_view(state: &State, id: &str, now: OffsetDateTime) -> PolicyView {
    let p = state.restore.policy(id);
    PolicyView {
        backup_enabled: switch(p.backup_enabled),
        log_enabled: switch(p.log_enabled),
        region: p.region.clone(),
        retention: p.retention,
        backup_enabled_time: p.backup_enabled_at.map(ts),
        log_enabled_time: p.log_enabled_at.map(ts),
        status: if state.restore.busy(id, now).is_some() { InstanceStatus::Restoring } else { InstanceStatus::Running },
    }
}

/// Records a new instance restored from `source` at `point`; returns its id.
fn create_instance(
    state: &mut State,
    source: &Instance,
    origin: Origin,
    point: RestorePoint,
    pay_type: String,
    class: Option<String>,
    description: Option<String>,
) -> String {
    let now = now();
    let id = state.restore.next_instance_id();
    let delay = Duration::try_from(state.settings.delay).unwrap_or(Duration::ZERO);
    state.add_instance(Instance { id: id.clone(), product: Product::Rds, region: source.region.clone() });
    state.restore.created.insert(
        id.clone(),
        NewInstance {
            id: id.clone(),
            source: source.id.clone(),
            origin,
            point,
            created: now,
            ready: now + delay,
            pay_type,
            class: class.unwrap_or_else(|| "mysql.n2.medium.1".to_owned()),
            description,
        },
    );
    id
}

impl Shared {
    pub(super) fn rr_clone_db_instance(
        &self,
        request: CloneDBInstanceRequest,
    ) -> Result<CloneDBInstanceResponse, Fault<CloneDBInstanceErrorCode>> {
        use CloneDBInstanceErrorCode as E;
        let now = now();
        let mut state = self.state();
        let source = rds_instance(
            &state,
            &request.db_instance_id,
            request.region_id.as_deref(),
            E::InvalidDbInstanceIdNotFound,
        )?;
        let point = match (&request.backup_id, request.restore_time) {
            (Some(id), _) => {
                let view = succeeded_backup(&state, &source.id, id, now).ok_or_else(|| {
                    Fault::new(E::ParametersInvalid)
                        .with_message(format!("The backup set \"{id}\" is not a succeeded backup of the instance."))
                })?;
                RestorePoint::Backup(view.backup.id)
            }
            (None, Some(at)) if restorable(&state, &source.id, at, now) => RestorePoint::Time(at),
            (None, Some(_)) => {
                return Err(Fault::new(E::ParametersInvalid)
                    .with_message("RestoreTime is outside the restorable range of the instance."))
            }
            (None, None) => {
                return Err(Fault::new(E::RequiredParamNotFound).with_message("Give BackupId or RestoreTime."))
            }
        };
        if request.pay_type == InstancePayType::Prepaid && (request.period.is_none() || request.used_time.is_none()) {
            return Err(Fault::new(E::RequiredParamNotFound).with_message("A Prepaid clone needs Period and UsedTime."));
        }
        if let (Some(PurchasePeriod::Year), Some(n)) = (&request.period, request.used_time) {
            if n > 3 {
                return Err(Fault::new(E::ParametersInvalid).with_message("UsedTime is 1 to 3 years."));
            }
        }
        if request.restore_table.is_some() {
            let meta = request.table_meta.as_deref().unwrap_or_default();
            table_meta_ok(meta).map_err(|m| Fault::new(E::ParametersInvalid).with_message(m))?;
        }
        let id = create_instance(
            &mut state,
            &source,
            Origin::Clone,
            point,
            request.pay_type.as_str().to_owned(),
            request.db_instance_class.clone(),
            request.db_instance_description.clone(),
        );
        let mut response = CloneDBInstanceResponse::default();
        response.order_id = Some(format!("{}", 100_000_000 + state.restore.created.len()));
        response.db_instance_id = Some(id);
        Ok(response)
    }

    pub(super) fn rr_recovery_db_instance(
        &self,
        request: RecoveryDBInstanceRequest,
    ) -> Result<RecoveryDBInstanceResponse, Fault<RecoveryDBInstanceErrorCode>> {
        use RecoveryDBInstanceErrorCode as E;
        let now = now();
        let mut state = self.state();
        let (source, point) = match (&request.backup_id, request.restore_time) {
            (Some(id), _) => {
                let view = id
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .and_then(|n| state.find(n, now))
                    .filter(|v| v.status == Status::Success)
                    .filter(|v| request.db_instance_id.as_ref().is_none_or(|s| *s == v.backup.instance))
                    .ok_or_else(|| {
                        Fault::new(E::InvalidBackupSet).with_message(format!("The backup set \"{id}\" does not exist."))
                    })?;
                let source = rds_instance(&state, &view.backup.instance, None, E::InvalidDbInstanceIdNotFound)?;
                (source, RestorePoint::Backup(view.backup.id))
            }
            (None, Some(at)) => {
                let id = request.db_instance_id.as_deref().ok_or_else(|| {
                    Fault::new(E::RequiredParamNotFound).with_message("A point-in-time recovery needs DBInstanceId.")
                })?;
                let source = rds_instance(&state, id, None, E::InvalidDbInstanceIdNotFound)?;
                if !restorable(&state, &source.id, at, now) {
                    return Err(Fault::new(E::ParametersInvalid)
                        .with_message("RestoreTime is outside the restorable range of the instance."));
                }
                (source, RestorePoint::Time(at))
            }
            (None, None) => {
                return Err(Fault::new(E::RequiredParamNotFound).with_message("Give BackupId or RestoreTime."))
            }
        };
        if request.db_names.trim().is_empty() {
            return Err(Fault::new(E::RequiredParamNotFound).with_message("DbNames names no database."));
        }
        let pay = request.pay_type.as_ref().map_or("Postpaid", |p| p.as_str()).to_owned();
        let id =
            create_instance(&mut state, &source, Origin::Recovery, point, pay, request.db_instance_class.clone(), None);
        let mut response = RecoveryDBInstanceResponse::default();
        response.order_id = Some(format!("{}", 100_000_000 + state.restore.created.len()));
        response.db_instance_id = Some(id);
        Ok(response)
    }

    pub(super) fn rr_restore_table(
        &self,
        request: RestoreTableRequest,
    ) -> Result<RestoreTableResponse, Fault<RestoreTableErrorCode>> {
        use RestoreTableErrorCode as E;
        let now = now();
        let mut state = self.state();
        let instance = rds_instance(&state, &request.db_instance_id, None, E::InvalidDbInstanceNotFound)?;
        match (&request.backup_id, request.restore_time) {
            (Some(id), _) => {
                succeeded_backup(&state, &instance.id, id, now)
                    .ok_or_else(|| Fault::new(E::InvalidBackupSetIdNotFound))?;
            }
            (None, Some(at)) => {
                if !restorable(&state, &instance.id, at, now) {
                    return Err(Fault::new(E::InvalidBackupNotFound));
                }
            }
            (None, None) => return Err(Fault::new(E::MissBackupSetAndRestoreTimeNotFound)),
        }
        if state.restore.busy(&instance.id, now).is_some() {
            return Err(Fault::custom(
                403,
                "IncorrectDBInstanceState",
                "Current DB instance state does not support this operation.",
            ));
        }
        table_meta_ok(&request.table_meta).map_err(|m| Fault::new(E::InvalidParamTableMeta).with_message(m))?;
        let delay = Duration::try_from(state.settings.delay).unwrap_or(Duration::ZERO);
        state.restore.restoring_until.insert(instance.id, now + delay);
        Ok(RestoreTableResponse::default())
    }

    pub(super) fn rr_restore_ddr_table(
        &self,
        request: RestoreDdrTableRequest,
    ) -> Result<RestoreDdrTableResponse, Fault<RestoreDdrTableErrorCode>> {
        use RestoreDdrTableErrorCode as E;
        let now = now();
        let mut state = self.state();
        let target =
            rds_instance(&state, &request.db_instance_id, request.region_id.as_deref(), E::InvalidDbInstanceNotFound)?;
        match request.restore_type {
            DdrRestoreType::BackupSet => {
                let id = request.backup_id.as_deref().ok_or_else(|| Fault::new(E::InvalidBackupSetIdNotFound))?;
                find_copy(&state, id, now).ok_or_else(|| Fault::new(E::InvalidBackupSetIdNotFound))?;
            }
            DdrRestoreType::PointInTime => {
                let (Some(at), Some(source)) = (request.restore_time, request.source_db_instance_name.as_deref())
                else {
                    return Err(Fault::new(E::InvalidParametersFormat).with_message(
                        "A point-in-time restore needs RestoreTime, SourceRegion and SourceDBInstanceName.",
                    ));
                };
                let source = rds_instance(&state, source, None, E::InvalidDbInstanceNotFound)?;
                let policy = state.restore.policy(&source.id);
                let logs_from = policy.log_enabled_at.map(|t| t.max(policy.window_start(now)));
                let region_ok = request.source_region.as_deref().is_none_or(|r| r == source.region);
                if !region_ok || !policy.log_enabled || logs_from.is_none_or(|from| at < from) || at > now {
                    return Err(Fault::new(E::InvalidBackupLogStatus));
                }
            }
            _ => return Err(Fault::new(E::InvalidRestoreTypeFormat)),
        }
        table_meta_ok(&request.table_meta).map_err(|m| Fault::new(E::InvalidParamTableMeta).with_message(m))?;
        let delay = Duration::try_from(state.settings.delay).unwrap_or(Duration::ZERO);
        state.restore.restoring_until.insert(target.id.clone(), now + delay);
        let mut response = RestoreDdrTableResponse::default();
        response.db_instance_id = Some(target.id);
        Ok(response)
    }

    pub(super) fn rr_describe_db_instances_for_clone(
        &self,
        request: DescribeDBInstancesForCloneRequest,
    ) -> Result<DescribeDBInstancesForCloneResponse, Fault<DescribeDBInstancesForCloneErrorCode>> {
        let now = now();
        let state = self.state();
        let wanted_status = request.db_instance_status.as_ref().map(|s| s.as_str().to_owned());
        let all: Vec<CloneCandidate> = state
            .instances()
            .filter(|i| i.product == Product::Rds && i.region == request.region_id)
            .filter(|i| request.db_instance_id.as_ref().is_none_or(|id| *id == i.id))
            .filter(|i| request.search_key.as_ref().is_none_or(|k| i.id.contains(k.as_str())))
            .map(|i| candidate(&state, i, now))
            .filter(|c| {
                wanted_status.as_ref().is_none_or(|s| c.db_instance_status.as_ref().is_some_and(|t| t.as_str() == s))
            })
            .filter(|c| request.engine.as_ref().is_none_or(|e| c.engine.as_ref() == Some(e)))
            .filter(|c| request.pay_type.as_ref().is_none_or(|p| c.pay_type.as_ref() == Some(p)))
            .collect();
        let number = request.page_number.unwrap_or(1).max(1);
        let items = page(&all, number, request.page_size.unwrap_or(30));
        let mut response = DescribeDBInstancesForCloneResponse::default();
        response.page_number = Some(number);
        response.page_record_count = Some(count(items.len()));
        response.total_record_count = Some(count(all.len()));
        response.items = Some(items);
        Ok(response)
    }

    pub(super) fn rr_describe_instance_cross_backup_policy(
        &self,
        request: DescribeInstanceCrossBackupPolicyRequest,
    ) -> Result<DescribeInstanceCrossBackupPolicyResponse, Fault<DescribeInstanceCrossBackupPolicyErrorCode>> {
        let now = now();
        let state = self.state();
        let instance = rds_instance(
            &state,
            &request.db_instance_id,
            Some(&request.region_id),
            DescribeInstanceCrossBackupPolicyErrorCode::InvalidDbInstanceIdNotFound,
        )?;
        let v = policy_view(&state, &instance.id, now);
        let mut r = DescribeInstanceCrossBackupPolicyResponse::default();
        r.db_instance_id = Some(instance.id.clone());
        r.region_id = Some(instance.region.clone());
        r.db_instance_description = Some(instance.id.clone());
        r.engine = Some("MySQL".to_owned());
        r.engine_version = Some(ENGINE_VERSION.to_owned());
        r.lock_mode = Some(InstanceLockMode::Unlock);
        r.db_instance_status = Some(v.status);
        r.backup_enabled = Some(v.backup_enabled);
        r.log_backup_enabled = Some(v.log_enabled);
        r.cross_backup_region = v.region;
        r.retention = Some(v.retention);
        r.retent_type = Some(CrossBackupRetentionType::ByDuration);
        r.cross_backup_type = Some(CrossBackupSaveType::EveryBackup);
        r.backup_enabled_time = v.backup_enabled_time;
        r.log_backup_enabled_time = v.log_enabled_time;
        Ok(r)
    }

    pub(super) fn rr_modify_instance_cross_backup_policy(
        &self,
        request: ModifyInstanceCrossBackupPolicyRequest,
    ) -> Result<ModifyInstanceCrossBackupPolicyResponse, Fault<ModifyInstanceCrossBackupPolicyErrorCode>> {
        use ModifyInstanceCrossBackupPolicyErrorCode as E;
        let now = now();
        let mut state = self.state();
        let instance =
            rds_instance(&state, &request.db_instance_id, Some(&request.region_id), E::InvalidDbInstanceIdNotFound)?;
        let nothing = request.backup_enabled.is_none()
            && request.log_backup_enabled.is_none()
            && request.cross_backup_region.is_none()
            && request.retention.is_none()
            && request.cross_backup_type.is_none()
            && request.retent_type.is_none();
        if nothing {
            return Err(Fault::new(E::ParameterLeastAssociate));
        }
        let mut p = state.restore.policy(&instance.id);
        if let Some(region) = &request.cross_backup_region {
            if *region == instance.region {
                return Err(Fault::new(E::InvalidRegionFormat)
                    .with_message("The destination region must differ from the instance's region."));
            }
            p.region = Some(region.clone());
        }
        if let Some(days) = request.retention {
            p.retention = days;
        }
        match request.backup_enabled {
            Some(CrossBackupSwitch::On) => {
                if p.region.is_none() {
                    return Err(Fault::new(E::ParameterAbsence)
                        .with_message("Switching cross-region backup on needs CrossBackupRegion."));
                }
                if !p.backup_enabled {
                    p.backup_enabled = true;
                    p.backup_enabled_at = Some(now);
                }
            }
            Some(_) => {
                p.backup_enabled = false;
                p.backup_enabled_at = None;
                p.log_enabled = false;
                p.log_enabled_at = None;
            }
            None => {}
        }
        match request.log_backup_enabled {
            Some(CrossBackupSwitch::On) => {
                if !p.backup_enabled {
                    return Err(Fault::new(E::InvalidParam).with_message(
                        "Cross-region log backup can be switched on only while cross-region backup is on.",
                    ));
                }
                if !p.log_enabled {
                    p.log_enabled = true;
                    p.log_enabled_at = Some(now);
                }
            }
            Some(_) => {
                p.log_enabled = false;
                p.log_enabled_at = None;
            }
            None => {}
        }
        state.restore.policies.insert(instance.id.clone(), p.clone());
        let mut r = ModifyInstanceCrossBackupPolicyResponse::default();
        r.db_instance_id = Some(instance.id.clone());
        r.region_id = Some(instance.region.clone());
        r.backup_enabled = Some(switch(p.backup_enabled));
        r.log_backup_enabled = Some(switch(p.log_enabled));
        r.cross_backup_region = p.region;
        r.retention = Some(p.retention);
        r.retent_type = Some(CrossBackupRetentionType::ByDuration);
        r.cross_backup_type = Some(CrossBackupSaveType::EveryBackup);
        Ok(r)
    }

    pub(super) fn rr_describe_cross_region_backup_db_instance(
        &self,
        request: DescribeCrossRegionBackupDBInstanceRequest,
    ) -> Result<DescribeCrossRegionBackupDBInstanceResponse, Fault<DescribeCrossRegionBackupDBInstanceErrorCode>> {
        use DescribeCrossRegionBackupDBInstanceErrorCode as E;
        let now = now();
        let state = self.state();
        let ids: Option<Vec<String>> = request
            .db_instance_id
            .as_ref()
            .map(|s| s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect());
        if let Some(ids) = &ids {
            if ids.len() > 30 {
                return Err(Fault::new(E::InvalidParametersFormat).with_message("At most 30 instance IDs."));
            }
            for id in ids {
                rds_instance(&state, id, Some(&request.region_id), E::InvalidDbInstanceIdNotFound)?;
            }
        }
        let all: Vec<CrossBackupInstance> = state
            .restore
            .policies
            .iter()
            .filter(|(_, p)| p.backup_enabled)
            .filter_map(|(id, _)| state.instance(Product::Rds, id, Some(&request.region_id)))
            .filter(|i| ids.as_ref().is_none_or(|ids| ids.contains(&i.id)))
            .map(|i| {
                let v = policy_view(&state, &i.id, now);
                let mut item = CrossBackupInstance::default();
                item.db_instance_id = Some(i.id.clone());
                item.db_instance_description = Some(i.id.clone());
                item.engine = Some("MySQL".to_owned());
                item.engine_version = Some(ENGINE_VERSION.to_owned());
                item.lock_mode = Some(InstanceLockMode::Unlock);
                item.db_instance_status = Some(v.status);
                item.backup_enabled = Some(v.backup_enabled);
                item.log_backup_enabled = Some(v.log_enabled);
                item.cross_backup_region = v.region;
                item.retention = Some(v.retention);
                item.retent_type = Some(CrossBackupRetentionType::ByDuration);
                item.cross_backup_type = Some(CrossBackupSaveType::EveryBackup);
                item.backup_enabled_time = v.backup_enabled_time;
                item.log_backup_enabled_time = v.log_enabled_time;
                item
            })
            .collect();
        let number = request.page_number.unwrap_or(1).max(1);
        let size = request.page_size.unwrap_or(30).max(1);
        let items = page(&all, number, size);
        let mut r = DescribeCrossRegionBackupDBInstanceResponse::default();
        r.region_id = Some(request.region_id.clone());
        r.page_number = Some(number);
        r.page_size = Some(size);
        r.items_numbers = Some(count(items.len()));
        r.total_records = Some(count(all.len()));
        r.items = Some(items);
        Ok(r)
    }

    pub(super) fn rr_describe_cross_region_backups(
        &self,
        request: DescribeCrossRegionBackupsRequest,
    ) -> Result<DescribeCrossRegionBackupsResponse, Fault<DescribeCrossRegionBackupsErrorCode>> {
        use DescribeCrossRegionBackupsErrorCode as E;
        let now = now();
        let state = self.state();
        let instance =
            rds_instance(&state, &request.db_instance_id, Some(&request.region_id), E::InvalidDbInstanceNotFound)?;
        let ranged = request.start_time.is_some() && request.end_time.is_some();
        if request.cross_backup_id.is_none() && !ranged {
            return Err(Fault::new(E::ParameterAbsence).with_message("Give CrossBackupId, or StartTime and EndTime."));
        }
        if let (Some(s), Some(e)) = (request.start_time, request.end_time) {
            if e < s {
                return Err(Fault::new(E::InvalidEndTimeFormat).with_message("EndTime must be later than StartTime."));
            }
        }
        let policy = state.restore.policy(&instance.id);
        let region = policy.region.clone().unwrap_or_default();
        if request.cross_backup_region.as_ref().is_some_and(|r| *r != region) {
            return Err(Fault::new(E::InvalidRegionFormat)
                .with_message("CrossBackupRegion is not the instance's destination region."));
        }
        let all: Vec<View> = cross_copies(&state, &instance.id, &policy, now)
            .into_iter()
            .filter(|v| request.cross_backup_id.is_none_or(|id| u64::try_from(id).ok() == Some(v.backup.id)))
            .filter(|v| request.backup_id.is_none_or(|id| u64::try_from(id).ok() == Some(v.backup.id)))
            .filter(|v| request.start_time.is_none_or(|s| v.backup.started >= s))
            .filter(|v| request.end_time.is_none_or(|e| v.backup.started <= e))
            .collect();
        let number = request.page_number.unwrap_or(1).max(1);
        let items: Vec<CrossRegionBackup> = page(&all, number, request.page_size.unwrap_or(30))
            .iter()
            .map(|v| {
                let b = &v.backup;
                let mut item = CrossRegionBackup::default();
                item.cross_backup_id = i32::try_from(b.id).ok();
                item.cross_backup_region = Some(region.clone());
                item.backup_start_time = Some(ts(b.started));
                item.backup_end_time = Some(ts(b.finished()));
                item.consistent_time = Some(ts(b.finished()));
                item.backup_type = Some(match b.kind {
                    crate::model::Kind::Incremental => CrossBackupKind::Incremental,
                    _ => CrossBackupKind::Full,
                });
                item.backup_method = Some(CrossBackupMethod::Physical);
                item.backup_set_status = Some(CrossBackupSetStatus::Succeeded);
                item.backup_set_scale = Some(CrossBackupScale::Instance);
                item.cross_backup_set_size = Some(b.size);
                item.cross_backup_set_location = Some("oss".to_owned());
                let file = format!(
                    "{}_{}_hins{}_data_{}_qp.xb",
                    instance.region,
                    instance.id,
                    b.id,
                    b.started.unix_timestamp()
                );
                item.cross_backup_download_link =
                    Some(format!("http://rdsddrbak-emu.oss-{region}.aliyuncs.com/{file}"));
                item.cross_backup_set_file = Some(file);
                item.instance_id = i32::try_from(5_000_000 + b.id % 1_000_000).ok();
                item.engine = Some("mysql".to_owned());
                item.engine_version = Some(ENGINE_VERSION.to_owned());
                item.category = Some(InstanceCategory::HighAvailability);
                item.db_instance_storage_type = Some("cloud_essd".to_owned());
                item.restore_regions = Some(vec![region.clone()]);
                item
            })
            .collect();
        let mut r = DescribeCrossRegionBackupsResponse::default();
        r.region_id = Some(instance.region.clone());
        r.start_time = request.start_time.map(ts);
        r.end_time = request.end_time.map(ts);
        r.page_number = Some(number);
        r.page_record_count = Some(count(items.len()));
        r.total_record_count = Some(count(all.len()));
        r.items = Some(items);
        Ok(r)
    }

    pub(super) fn rr_describe_cross_region_log_backup_files(
        &self,
        request: DescribeCrossRegionLogBackupFilesRequest,
    ) -> Result<DescribeCrossRegionLogBackupFilesResponse, Fault<DescribeCrossRegionLogBackupFilesErrorCode>> {
        use DescribeCrossRegionLogBackupFilesErrorCode as E;
        let now = now();
        let state = self.state();
        let instance =
            rds_instance(&state, &request.db_instance_id, Some(&request.region_id), E::InvalidDbInstanceNotFound)?;
        if request.end_time < request.start_time {
            return Err(Fault::new(E::InvalidEndTimeFormat).with_message("EndTime must be later than StartTime."));
        }
        let policy = state.restore.policy(&instance.id);
        let region = policy.region.clone().unwrap_or_default();
        if request.cross_backup_region.as_ref().is_some_and(|r| *r != region) {
            return Err(Fault::new(E::InvalidRegionFormat)
                .with_message("CrossBackupRegion is not the instance's destination region."));
        }
        // One file per whole hour of the retention window while log backup is on; the files that overlap the
        // requested range, newest first, counted without building them all.
        let hour = 3600_i64;
        let (total, first_hour) = if policy.log_enabled {
            let from = policy.window_start(now).unix_timestamp().max(request.start_time.unix_timestamp());
            let until = now.unix_timestamp().min(request.end_time.unix_timestamp());
            // Hours h with h*3600 < until and (h+1)*3600 > from, and (h+1)*3600 <= now (finished files only).
            let low = from.div_euclid(hour);
            let high = (until - 1).div_euclid(hour).min(now.unix_timestamp().div_euclid(hour) - 1);
            if high >= low {
                (high - low + 1, high)
            } else {
                (0, 0)
            }
        } else {
            (0, 0)
        };
        let number = request.page_number.unwrap_or(1).max(1);
        let size = i64::from(request.page_size.unwrap_or(30).max(1));
        let skip = i64::from(number - 1) * size;
        let shown = (total - skip).clamp(0, size);
        let items: Vec<CrossRegionLogBackup> = (0..shown)
            .map(|k| {
                let h = first_hour - skip - k;
                let begin = OffsetDateTime::from_unix_timestamp(h * hour).unwrap_or(now);
                let mut item = CrossRegionLogBackup::default();
                item.cross_log_backup_id = i32::try_from(h.rem_euclid(1_000_000_000)).ok();
                item.log_begin_time = Some(ts(begin));
                item.log_end_time = Some(ts(begin + Duration::hours(1)));
                item.link_expired_time = Some(ts(now + Duration::hours(1)));
                let name = format!(
                    "{}_{}_{}_mysql-bin.{:06}",
                    instance.region,
                    instance.id,
                    7_000_000,
                    h.rem_euclid(1_000_000)
                );
                item.cross_download_link = Some(format!("http://rdsddrlog-emu.oss-{region}.aliyuncs.com/{name}"));
                item.cross_intranet_download_link =
                    Some(format!("http://rdsddrlog-emu.oss-{region}-internal.aliyuncs.com/{name}"));
                item.log_file_name = Some(name);
                item.cross_backup_region = Some(region.clone());
                item.cross_log_backup_size = Some(1_048_576 + (h.rem_euclid(97)) * 65_536);
                item.instance_id = Some(7_000_000);
                item
            })
            .collect();
        let mut r = DescribeCrossRegionLogBackupFilesResponse::default();
        r.db_instance_id = Some(instance.id.clone());
        r.region_id = Some(instance.region.clone());
        r.start_time = Some(ts(request.start_time));
        r.end_time = Some(ts(request.end_time));
        r.page_number = Some(number);
        r.page_record_count = Some(count(items.len()));
        r.total_record_count = i32::try_from(total).ok();
        r.items = Some(items);
        Ok(r)
    }

    pub(super) fn rr_describe_cross_backup_meta_list(
        &self,
        request: DescribeCrossBackupMetaListRequest,
    ) -> Result<DescribeCrossBackupMetaListResponse, Fault<DescribeCrossBackupMetaListErrorCode>> {
        use DescribeCrossBackupMetaListErrorCode as E;
        let now = now();
        let state = self.state();
        let (instance, _) =
            find_copy(&state, &request.backup_set_id, now).ok_or_else(|| Fault::new(E::InvalidBackupSetIdNotFound))?;
        let all: Vec<BackupMeta> = DATABASES
            .iter()
            .filter(|(db, _, _)| request.get_db_name.as_ref().is_none_or(|n| n == db))
            .filter(|(db, _, _)| request.pattern.as_ref().is_none_or(|p| db.contains(p.as_str())))
            .map(|(db, tables, sizes)| {
                let mut m = BackupMeta::default();
                m.database = Some((*db).to_owned());
                // A fuzzy search names databases only; an exact one lists the tables too.
                if request.pattern.is_none() || request.get_db_name.is_some() {
                    m.tables = Some((*tables).to_owned());
                    m.size = Some((*sizes).to_owned());
                }
                m
            })
            .collect();
        // PageSize and PageIndex take effect only together; otherwise everything is one page.
        let (number, size) = match (request.page_index, request.page_size) {
            (Some(n), Some(s)) => (n.max(1), s.max(1)),
            _ => (1, count(all.len()).max(1)),
        };
        let items = page(&all, number, size);
        let total = count(all.len());
        let mut r = DescribeCrossBackupMetaListResponse::default();
        r.db_instance_name = Some(instance);
        r.page_number = Some(number);
        r.page_record_count = Some(count(items.len()));
        r.total_record_count = Some(total);
        r.total_page_count = Some((total + size - 1) / size);
        r.items = Some(items);
        Ok(r)
    }
}
