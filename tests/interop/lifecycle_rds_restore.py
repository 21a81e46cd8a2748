"""The RDS restore lifecycle through the official SDK (alibabacloud-rds20140815): every restore, clone and
cross-region backup operation against the emulator. Called once per signature on the same emulator, so each run
starts by switching cross-region backup off and creates its own clone and recovery instances."""

import datetime
import time

INSTANCE = "rm-emu000001"
REGION = "cn-hangzhou"
TABLES = ('[{"type":"db","name":"orders","newname":"orders_back",'
          '"tables":[{"type":"table","name":"orders","newname":"orders_back"}]}]')


def utc(at):
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def status_of(client, models, instance):
    body = client.describe_dbinstances_for_clone(models.DescribeDBInstancesForCloneRequest(
        region_id=REGION, dbinstance_id=instance)).body
    items = body.items.dbinstance if body.items else []
    return items[0].dbinstance_status if items else None


def wait_running(client, models, instance, deadline=10.0):
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        if status_of(client, models, instance) == "Running":
            return True
        time.sleep(0.1)
    return False


def run(client, models, check, error_of):
    now = datetime.datetime.now(datetime.timezone.utc)
    client.modify_instance_cross_backup_policy(models.ModifyInstanceCrossBackupPolicyRequest(
        dbinstance_id=INSTANCE, region_id=REGION, backup_enabled="0"))

    backups = client.describe_backups(models.DescribeBackupsRequest(
        dbinstance_id=INSTANCE, backup_status="Success", page_size=30)).body.items.backup
    backup_id = backups[0].backup_id

    cloned = client.clone_dbinstance(models.CloneDBInstanceRequest(
        dbinstance_id=INSTANCE, region_id=REGION, pay_type="Postpaid", backup_id=backup_id,
        dbinstance_description="interop-clone",
        tag=[models.CloneDBInstanceRequestTag(key="env", value="test")],
        serverless_config=models.CloneDBInstanceRequestServerlessConfig(min_capacity=0.5, max_capacity=8))).body
    check(cloned.dbinstance_id and cloned.order_id, f"CloneDBInstance: new instance {cloned.dbinstance_id}")
    check(status_of(client, models, cloned.dbinstance_id) == "Creating", "DescribeDBInstancesForClone: Creating")
    check(wait_running(client, models, cloned.dbinstance_id), "the clone becomes Running")

    recovered = client.recovery_dbinstance(models.RecoveryDBInstanceRequest(
        dbinstance_id=INSTANCE, restore_time=utc(now - datetime.timedelta(hours=1)), db_names="orders,orders_new",
        pay_type="Postpaid")).body
    check(recovered.dbinstance_id and recovered.dbinstance_id != cloned.dbinstance_id,
          f"RecoveryDBInstance: new instance {recovered.dbinstance_id}")
    check(wait_running(client, models, recovered.dbinstance_id), "the recovered instance becomes Running")

    listed = client.describe_dbinstances_for_clone(models.DescribeDBInstancesForCloneRequest(
        region_id=REGION, page_size=1, page_number=1)).body
    check(listed.total_record_count >= 3 and len(listed.items.dbinstance) == 1,
          f"DescribeDBInstancesForClone pages: {listed.total_record_count} instances, 1 per page")

    client.restore_table(models.RestoreTableRequest(dbinstance_id=INSTANCE, backup_id=backup_id, table_meta=TABLES))
    check(status_of(client, models, INSTANCE) == "Restoring", "RestoreTable: the instance is Restoring")
    check(wait_running(client, models, INSTANCE), "and Running again")

    policy = client.describe_instance_cross_backup_policy(models.DescribeInstanceCrossBackupPolicyRequest(
        dbinstance_id=INSTANCE, region_id=REGION)).body
    check(policy.backup_enabled == "Disable", "DescribeInstanceCrossBackupPolicy: off at first")
    changed = client.modify_instance_cross_backup_policy(models.ModifyInstanceCrossBackupPolicyRequest(
        dbinstance_id=INSTANCE, region_id=REGION, backup_enabled="1", log_backup_enabled="1",
        cross_backup_region="cn-shanghai", retention=1825, cross_backup_type="1", retent_type=1)).body
    check(changed.backup_enabled == "Enable" and changed.retention == 1825, "ModifyInstanceCrossBackupPolicy")
    policy = client.describe_instance_cross_backup_policy(models.DescribeInstanceCrossBackupPolicyRequest(
        dbinstance_id=INSTANCE, region_id=REGION)).body
    check(policy.backup_enabled == "Enable" and policy.log_backup_enabled == "Enable"
          and policy.cross_backup_region == "cn-shanghai" and policy.retention == 1825 and policy.retent_type == 1,
          "the policy read after the change returns the change")

    instances = client.describe_cross_region_backup_dbinstance(models.DescribeCrossRegionBackupDBInstanceRequest(
        region_id=REGION)).body
    check(instances.total_records == 1 and instances.items.item[0].dbinstance_id == INSTANCE,
          "DescribeCrossRegionBackupDBInstance lists the instance")

    copies = client.describe_cross_region_backups(models.DescribeCrossRegionBackupsRequest(
        dbinstance_id=INSTANCE, region_id=REGION, start_time=utc(now - datetime.timedelta(days=3650)),
        end_time=utc(now), page_size=30, page_number=1)).body
    items = copies.items.item
    check(copies.total_record_count > 0 and len(items) == 30 and items[0].cross_backup_region == "cn-shanghai",
          f"DescribeCrossRegionBackups: {copies.total_record_count} copies")
    cross_id = items[0].cross_backup_id

    hour = now.replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=48)
    logs = client.describe_cross_region_log_backup_files(models.DescribeCrossRegionLogBackupFilesRequest(
        dbinstance_id=INSTANCE, region_id=REGION, start_time=utc(hour), end_time=utc(hour + datetime.timedelta(hours=5)),
        page_size=30, page_number=1)).body
    check(logs.total_record_count == 5 and len(logs.items.item) == 5 and logs.items.item[0].log_file_name,
          "DescribeCrossRegionLogBackupFiles: 5 hourly files")

    meta = client.describe_cross_backup_meta_list(models.DescribeCrossBackupMetaListRequest(
        backup_set_id=str(cross_id), get_db_name="orders")).body
    check(meta.dbinstance_name == INSTANCE and meta.items.meta[0].tables == "order_items,orders,payments",
          "DescribeCrossBackupMetaList: the tables of one database")
    paged = client.describe_cross_backup_meta_list(models.DescribeCrossBackupMetaListRequest(
        backup_set_id=str(cross_id), page_size="1", page_index="2")).body
    check(paged.total_record_count == 4 and paged.total_page_count == 4 and len(paged.items.meta) == 1,
          "DescribeCrossBackupMetaList pages")

    restored = client.restore_ddr_table(models.RestoreDdrTableRequest(
        dbinstance_id=INSTANCE, region_id=REGION, restore_type="0", backup_id=str(cross_id), table_meta=TABLES)).body
    check(restored.dbinstance_id == INSTANCE, "RestoreDdrTable from a cross-region backup set")
    wait_running(client, models, INSTANCE)

    e = error_of(lambda: client.clone_dbinstance(models.CloneDBInstanceRequest(
        dbinstance_id="rm-nope", pay_type="Postpaid", backup_id=backup_id)))
    check(getattr(e, "code", None) == "InvalidDBInstanceId.NotFound", "CloneDBInstance: unknown instance")
    e = error_of(lambda: client.restore_table(models.RestoreTableRequest(dbinstance_id=INSTANCE, table_meta=TABLES)))
    check(getattr(e, "code", None) == "MissBackupSetAndRestoreTime.NotFound", "RestoreTable: no backup nor time")
    e = error_of(lambda: client.modify_instance_cross_backup_policy(models.ModifyInstanceCrossBackupPolicyRequest(
        dbinstance_id=INSTANCE, region_id=REGION, retention=3)))
    check(e is not None, "ModifyInstanceCrossBackupPolicy: a retention under 7 days is refused")
    e = error_of(lambda: client.describe_cross_region_backups(models.DescribeCrossRegionBackupsRequest(
        dbinstance_id=INSTANCE, region_id=REGION)))
    check(getattr(e, "code", None) == "ParameterAbsence", "DescribeCrossRegionBackups: no id nor range")

    client.modify_instance_cross_backup_policy(models.ModifyInstanceCrossBackupPolicyRequest(
        dbinstance_id=INSTANCE, region_id=REGION, backup_enabled="0"))
    policy = client.describe_instance_cross_backup_policy(models.DescribeInstanceCrossBackupPolicyRequest(
        dbinstance_id=INSTANCE, region_id=REGION)).body
    check(policy.backup_enabled == "Disable" and policy.log_backup_enabled == "Disable", "switched off again")
