//! Every sample response of the five pages decodes into its generated type, with the quirky values checked,
//! and serialises back to exactly the same JSON. Edited samples carrying values and fields the specs do not
//! know also decode: a new value on the wire never breaks a user.

use alibabacloud_backup::{polardb, polardbx, r_kvstore, rds};
use runtime::time::Timestamp;
use tests::{decode_round_trip, sample, samples};
use time::macros::datetime;

#[test]
fn every_sample_of_every_operation_decodes_and_round_trips() {
    let mut checked = 0;
    for s in samples("rds::DescribeBackups") {
        decode_round_trip::<rds::DescribeBackupsResponse>(&s.body);
        checked += 1;
    }
    for s in samples("polardb/DescribeBackupTasks") {
        decode_round_trip::<polardb::DescribeBackupTasksResponse>(&s.body);
        checked += 1;
    }
    for s in samples("DescribeBackupSetList") {
        decode_round_trip::<polardbx::DescribeBackupSetListResponse>(&s.body);
        checked += 1;
    }
    for s in samples("DescribeClusterBackupList") {
        decode_round_trip::<r_kvstore::DescribeClusterBackupListResponse>(&s.body);
        checked += 1;
    }
    // CreateBackup's page sample has `Data` as an array of one; it decodes (below) but is written back as the one
    // object the service sends, so only the XML transcription round-trips exactly.
    for s in samples("polardbx::CreateBackup").into_iter().filter(|s| s.source != "page") {
        decode_round_trip::<polardbx::CreateBackupResponse>(&s.body);
        checked += 1;
    }
    // The PolarDB backup operations imported from the OpenAPI metadata: its sample (`metadata`) each.
    type Check = fn(&str);
    let polardb: [(&str, Check); 11] = [
        ("polardb::CreateBackup", |b| drop(decode_round_trip::<polardb::CreateBackupResponse>(b))),
        ("polardb::DeleteBackup", |b| drop(decode_round_trip::<polardb::DeleteBackupResponse>(b))),
        ("polardb::DescribeBackupLogs", |b| drop(decode_round_trip::<polardb::DescribeBackupLogsResponse>(b))),
        ("polardb::DescribeBackupPolicy", |b| drop(decode_round_trip::<polardb::DescribeBackupPolicyResponse>(b))),
        ("polardb::DescribeBackups", |b| drop(decode_round_trip::<polardb::DescribeBackupsResponse>(b))),
        ("polardb::DescribeDBClustersWithBackups", |b| {
            drop(decode_round_trip::<polardb::DescribeDBClustersWithBackupsResponse>(b))
        }),
        ("polardb::DescribeDetachedBackups", |b| {
            drop(decode_round_trip::<polardb::DescribeDetachedBackupsResponse>(b))
        }),
        ("polardb::DescribeLogBackupPolicy", |b| {
            drop(decode_round_trip::<polardb::DescribeLogBackupPolicyResponse>(b))
        }),
        ("polardb::ModifyBackupPolicy", |b| drop(decode_round_trip::<polardb::ModifyBackupPolicyResponse>(b))),
        ("polardb::ModifyLogBackupPolicy", |b| drop(decode_round_trip::<polardb::ModifyLogBackupPolicyResponse>(b))),
        ("polardb::RestoreTable", |b| drop(decode_round_trip::<polardb::RestoreTableResponse>(b))),
    ];
    for (operation, check) in polardb {
        for s in samples(operation) {
            check(&s.body);
            checked += 1;
        }
    }
    assert_eq!(checked, 5 + 11, "one JSON sample per page, one per imported PolarDB operation");
}

#[test]
fn rds_sample_unwraps_lists_and_reads_numbers_sent_as_strings() {
    let page: rds::DescribeBackupsResponse = decode_round_trip(&sample("rds::DescribeBackups", "page"));
    assert_eq!(page.request_id.as_deref(), Some("1A6D328C-84B8-40DC-BF49-6C73984D7494"));
    // "PageNumber": "1", "PageRecordCount": "30", "TotalRecordCount": "100" on the wire.
    assert_eq!((page.page_number, page.page_record_count, page.total_record_count), (Some(1), Some(30), Some(100)));
    assert_eq!(page.total_ecs_snapshot_size, Some(0));
    // {"Items": {"Backup": [...]}} on the wire.
    assert_eq!(page.items().len(), 1);
    let b = &page.items()[0];
    assert_eq!(b.backup_id.as_deref(), Some("321020562"));
    assert_eq!(b.backup_status, Some(rds::BackupStatus::Success));
    assert_eq!(b.backup_mode, Some(rds::BackupMode::Automated));
    assert_eq!(b.backup_type, Some(rds::BackupType::FullBackup));
    assert_eq!(b.backup_method, Some(rds::BackupMethod::Physical));
    assert_eq!(b.storage_class, Some(rds::StorageClass::Regular));
    assert_eq!(b.copy_only_backup, Some(rds::CopyOnlyBackup::Standard));
    assert_eq!(b.store_status, Some(rds::StoreStatus::Disabled));
    assert_eq!(b.meta_status, Some(rds::MetaStatus::Ok));
    assert_eq!(b.is_avail, Some(rds::BackupAvailability::Available));
    assert_eq!(b.backup_size, Some(2167808));
    assert_eq!(b.consistent_time, Some(1576506856));
    assert_eq!(b.host_instance_id.as_deref(), Some("5882781"));
    assert_eq!(b.db_instance_id.as_deref(), Some("rm-uf6wjk5xxxxxxx"));
    // Documented as yyyy-MM-ddTHH:mmZ, sent with seconds: kept as sent, readable as an instant.
    let end = b.backup_end_time.as_ref().expect("BackupEndTime");
    assert_eq!(end.to_string(), "2019-02-13T12:20:00Z");
    assert_eq!(end.to_datetime(), Some(datetime!(2019-02-13 12:20:00 UTC)));
    assert_eq!(b.backup_download_link_by_db().len(), 1);
    assert_eq!(b.backup_download_link_by_db()[0].data_base.as_deref(), Some("dbs"));
}

#[test]
fn polardb_sample_unwraps_backup_jobs() {
    let page: polardb::DescribeBackupTasksResponse = decode_round_trip(&sample("polardb/DescribeBackupTasks", "page"));
    assert_eq!(page.request_id.as_deref(), Some("FA8C1EF1-E3D4-44D7-B809-823187******"));
    assert_eq!(page.items().len(), 1);
    let job = &page.items()[0];
    assert_eq!(job.backup_job_id.as_deref(), Some("11111111"));
    assert_eq!(job.job_mode, Some(polardb::BackupMode::Automated));
    assert_eq!(job.backup_progress_status, Some(polardb::BackupProgressStatus::NoStart));
    assert_eq!(job.task_action, Some(polardb::TaskAction::NormalBackupTask));
    assert_eq!(job.process.as_deref(), Some("0"));
    assert_eq!(job.start_time.as_ref().and_then(Timestamp::to_datetime), Some(datetime!(2020-08-08 07:24:01 UTC)));
}

#[test]
fn polardbx_sample_reads_integer_coded_enums_and_epoch_millis() {
    let page: polardbx::DescribeBackupSetListResponse = decode_round_trip(&sample("DescribeBackupSetList", "page"));
    assert_eq!(page.success, Some(true));
    assert_eq!(page.message.as_deref(), Some("success"));
    let set = &page.data()[0];
    assert_eq!(set.backup_set_id.as_deref(), Some("111"));
    assert_eq!(set.backup_set_size, Some(88803195));
    assert_eq!(set.status, Some(polardbx::BackupSetStatus::Succeeded));
    assert_eq!(set.status.as_ref().and_then(polardbx::BackupSetStatus::code), Some(1));
    assert_eq!(set.backup_type, Some(polardbx::BackupType::Consistent));
    assert_eq!(set.backup_model, Some(polardbx::BackupModel::Automatic));
    let begin = set.begin_time.as_ref().expect("BeginTime");
    assert_eq!(begin.as_epoch_millis(), Some(1635706960956));
    assert_eq!(begin.to_datetime(), Some(datetime!(2021-10-31 19:02:40.956 UTC)));
}

#[test]
fn create_backup_data_is_read_as_one_object_or_as_a_list_of_one() {
    let object: polardbx::CreateBackupResponse = decode_round_trip(&sample("polardbx::CreateBackup", "page_xml"));
    let list: polardbx::CreateBackupResponse =
        serde_json::from_str(&sample("polardbx::CreateBackup", "page")).expect("a list of one decodes");
    assert_eq!(object, list, "both shapes mean the same response");
    let data = object.data.as_ref().expect("Data");
    assert_eq!(data.backup_set_id.as_deref(), Some("627833"));
    assert_eq!(object.request_id.as_deref(), Some("9B2F3840-5C98-475C-B269-2D5C3A31797C"));
    // The list is written back as the object the service sends.
    let written = serde_json::to_value(&list).expect("serialises");
    assert_eq!(written["Data"], serde_json::json!({"BackupSetId": "627833"}));
}

#[test]
fn redis_sample_survives_strings_numbers_and_a_missing_z() {
    let page: r_kvstore::DescribeClusterBackupListResponse =
        decode_round_trip(&sample("DescribeClusterBackupList", "page"));
    assert_eq!((page.page_number, page.page_size, page.max_results), (Some(1), Some(30), Some(4)));
    assert_eq!((page.full_storage_size, page.log_storage_size, page.free_size), (Some(1000), Some(5000), Some(100000)));
    let cluster = &page.cluster_backups()[0];
    assert_eq!(cluster.is_avail, Some(1)); // the number 1
    assert_eq!(cluster.cluster_backup_size, Some(2048)); // the string "2048"
    assert_eq!(cluster.cluster_backup_status, Some(r_kvstore::ClusterBackupStatus::Ok));
    assert_eq!(cluster.shard_class_memory, Some(1024));
    assert_eq!(cluster.progress.as_deref(), Some("100%"));
    let shard = &cluster.backups()[0];
    assert_eq!(shard.is_avail, Some(1)); // the string "1"
    assert_eq!(shard.backup_size, Some(1024)); // the string "1024"
    assert_eq!(shard.backup_status, Some(r_kvstore::ShardBackupStatus::Ok));
    let end = shard.backup_end_time.as_ref().expect("BackupEndTime");
    assert_eq!(end.to_string(), "2024-01-09T17:21:57", "kept without the Z, as sent");
    assert_eq!(end.to_datetime(), Some(datetime!(2024-01-09 17:21:57 UTC)));
    let extra = shard.extra_info.as_ref().expect("ExtraInfo");
    assert_eq!(extra.get("CustinsDbVersion"), Some(&serde_json::json!("5.0")));
}

#[test]
fn unknown_enum_values_and_unknown_fields_decode() {
    let edited = sample("rds::DescribeBackups", "page")
        .replace("\"BackupStatus\": \"Success\"", "\"BackupStatus\": \"Expired\", \"BrandNewField\": {\"x\": [1]}")
        .replace("\"BackupMethod\": \"Physical\"", "\"BackupMethod\": \"Hologram\"")
        .replace("\"IsAvail\": 1", "\"IsAvail\": 7");
    assert!(edited.contains("Expired") && edited.contains("Hologram") && edited.contains("\"IsAvail\": 7"));
    let page: rds::DescribeBackupsResponse = serde_json::from_str(&edited).expect("still decodes");
    let b = &page.items()[0];
    assert!(matches!(&b.backup_status, Some(s @ rds::BackupStatus::Unknown(_)) if s.as_str() == "Expired"));
    assert!(matches!(&b.backup_method, Some(m @ rds::BackupMethod::Unknown(_)) if m.as_str() == "Hologram"));
    assert!(matches!(&b.is_avail, Some(a @ rds::BackupAvailability::Unknown(_)) if a.code() == Some(7)));
    assert_eq!(b.unknown_fields.get("BrandNewField"), Some(&serde_json::json!({"x": [1]})));
    // The unknown values are written back as they came.
    let again = serde_json::to_value(&page).expect("serialises");
    assert_eq!(again["Items"]["Backup"][0]["BackupStatus"], "Expired");
    assert_eq!(again["Items"]["Backup"][0]["IsAvail"], 7);
    assert_eq!(again["Items"]["Backup"][0]["BrandNewField"], serde_json::json!({"x": [1]}));

    let edited = sample("DescribeBackupSetList", "page").replace("\"Status\" : 1", "\"Status\" : 9");
    assert!(edited.contains("\"Status\" : 9"));
    let page: polardbx::DescribeBackupSetListResponse = serde_json::from_str(&edited).expect("still decodes");
    let status = page.data()[0].status.as_ref().expect("Status");
    assert!(matches!(status, polardbx::BackupSetStatus::Unknown(_)));
    assert_eq!((status.code(), status.to_string()), (Some(9), "9".to_owned()));
}

#[test]
fn enums_convert_both_ways() {
    use std::str::FromStr;
    assert_eq!(rds::BackupStatus::from_str("Failed"), Ok(rds::BackupStatus::Failed));
    assert_eq!(rds::BackupStatus::Failed.to_string(), "Failed");
    assert_eq!(rds::StorageClass::Archive.as_str(), "1");
    assert_eq!(rds::BackupStatus::DOCUMENTED, &[rds::BackupStatus::Success, rds::BackupStatus::Failed]);
    assert_eq!(polardbx::BackupSetStatus::from_str("2"), Ok(polardbx::BackupSetStatus::Failed));
    assert_eq!(polardbx::BackupSetStatus::Failed.to_string(), "2");
    assert_eq!(polardbx::BackupSetStatus::Failed.as_str(), "Failed");
    assert!(polardbx::BackupSetStatus::from_str("two").is_err());
}

#[test]
fn error_codes_carry_the_page_table() {
    let code = rds::DescribeBackupsErrorCode::from("InvalidStartTime.Format");
    assert_eq!(code, rds::DescribeBackupsErrorCode::InvalidStartTimeFormat);
    let info = code.info().expect("documented");
    assert_eq!((info.http_status, info.message), (400, "Specified start time is not valid."));
    assert_eq!(info.description, Some("The start time is invalid."));
    let twice = rds::DescribeBackupsErrorCode::BasicInfoUncompleted.info().expect("documented");
    assert_eq!(twice.other_messages.len(), 1, "the page lists BasicInfoUncompleted twice");
    // Codes that differ only in case stay apart.
    assert_ne!(
        rds::DescribeBackupsErrorCode::from("pay.noCreditCard"),
        rds::DescribeBackupsErrorCode::from("Pay.NoCreditCard")
    );
    let unknown = rds::DescribeBackupsErrorCode::from("Brand.New");
    assert_eq!(unknown.code(), "Brand.New");
    assert_eq!(unknown.info(), None);
    assert_eq!(polardbx::CreateBackupErrorCode::from("Anything").code(), "Anything");
}

#[test]
fn product_wide_codes_arrive_under_common_in_every_rds_operation() {
    use rds::CommonErrorCode::{OrderNoRealNameAuthentication, PricePricingPlanResultNotFound};
    let code = rds::DescribeBackupsErrorCode::from("Price.PricingPlanResultNotFound");
    assert_eq!(code, rds::DescribeBackupsErrorCode::Common(PricePricingPlanResultNotFound));
    assert_eq!(
        (code.code(), code.to_string()),
        ("Price.PricingPlanResultNotFound", "Price.PricingPlanResultNotFound".into())
    );
    let info = code.info().expect("declared in specs/rds/product.yaml");
    assert_eq!((info.http_status, info.message), (400, "Pricing plan price result not found."));
    // An operation whose page never listed them answers them the same way.
    let policy = rds::DescribeBackupPolicyErrorCode::from("Order.NoRealNameAuthentication");
    assert_eq!(policy, rds::DescribeBackupPolicyErrorCode::Common(OrderNoRealNameAuthentication));
    assert_eq!(policy.info().map(|i| i.http_status), Some(400));
    // The operation's own codes and unknown codes are unchanged; other products have no `Common` codes.
    assert_eq!(
        rds::DescribeBackupsErrorCode::from("InvalidStartTime.Format"),
        rds::DescribeBackupsErrorCode::InvalidStartTimeFormat
    );
    assert_eq!(rds::DescribeBackupsErrorCode::from("Brand.New").info(), None);
    assert_eq!(polardbx::CreateBackupErrorCode::from("Price.PricingPlanResultNotFound").info(), None);
}

#[test]
fn responses_are_built_outside_the_crate_from_default() {
    // What a program's own tests do: build a response, with nested structures, and use it like a decoded one.
    let mut backup = rds::Backup::default();
    backup.backup_id = Some("b-1".to_owned());
    backup.backup_status = Some(rds::BackupStatus::Success);
    let mut page = rds::DescribeBackupsResponse::default();
    page.request_id = Some("R-1".to_owned());
    page.total_record_count = Some(1);
    page.items = Some(vec![backup]);
    let wire = serde_json::to_value(&page).expect("serialises");
    assert_eq!(
        wire,
        serde_json::json!({
            "RequestId": "R-1",
            "TotalRecordCount": "1",
            "Items": {"Backup": [{"BackupId": "b-1", "BackupStatus": "Success"}]}
        })
    );
    let decoded: rds::DescribeBackupsResponse = serde_json::from_value(wire).expect("decodes");
    assert_eq!(decoded, page);
    assert_eq!(decoded.items()[0].backup_id.as_deref(), Some("b-1"));
}
