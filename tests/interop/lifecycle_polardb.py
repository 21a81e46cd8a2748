"""PolarDB backup lifecycle through the official SDK (alibabacloud-polardb20170801): every backup operation of the
emulator, called as the SDK sends it. `run` is called once per signature against one emulator, so each run leaves
the cluster as it found it (its manual backup deleted) and checks changes relative to what it set."""

import datetime
import time

CLUSTER = "pc-emu000001"
REGION = "cn-hangzhou"
TABLES = ('[{"tables":[{"name":"t1","type":"table","newname":"t1_restore"}],'
          '"name":"db1","type":"db","newname":"db1_restore"}]')


def code(e):
    return getattr(e, "code", None)


def minutes(t):
    return t.strftime("%Y-%m-%dT%H:%MZ")


def run(client, models, check, error_of):
    # CreateBackup: a job in DescribeBackupTasks, then a backup set in DescribeBackups.
    created = client.create_backup(models.CreateBackupRequest(dbcluster_id=CLUSTER, comment="interop")).body
    job = created.backup_job_id
    check(job is not None, f"PolarDB CreateBackup: backup {job}")
    tasks = client.describe_backup_tasks(models.DescribeBackupTasksRequest(dbcluster_id=CLUSTER, backup_job_id=job))
    jobs = tasks.body.items.backup_job
    check(len(jobs) == 1 and jobs[0].job_mode == "Manual", "PolarDB DescribeBackupTasks: the new job runs")
    found, deadline = None, time.monotonic() + 15
    while found is None and time.monotonic() < deadline:
        body = client.describe_backups(models.DescribeBackupsRequest(dbcluster_id=CLUSTER, backup_id=job)).body
        if body.items and body.items.backup:
            found = body.items.backup[0]
        else:
            time.sleep(0.2)
    check(found is not None and found.backup_status == "Success" and found.comment == "interop"
          and int(found.backup_set_size) > 0, "PolarDB DescribeBackups: the backup finished and is listed")
    page = client.describe_backups(models.DescribeBackupsRequest(dbcluster_id=CLUSTER, page_size=30, page_number=2)).body
    check(int(page.page_number) == 2 and len(page.items.backup) == 30 and int(page.total_record_count) >= 120,
          "PolarDB DescribeBackups: page 2 of the listing")

    # RestoreTable from that backup set and to a point in time; refused without either.
    client.restore_table(models.RestoreTableRequest(dbcluster_id=CLUSTER, table_meta=TABLES, backup_id=job))
    hour_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
    r = client.restore_table(models.RestoreTableRequest(dbcluster_id=CLUSTER, table_meta=TABLES,
                                                        restore_time=hour_ago.strftime("%Y-%m-%dT%H:%M:%SZ")))
    check(r.body.request_id is not None, "PolarDB RestoreTable: from a backup set and to a point in time")
    e = error_of(lambda: client.restore_table(models.RestoreTableRequest(dbcluster_id=CLUSTER, table_meta=TABLES)))
    check(code(e) == "InvalidRestoreType.NotFound", f"PolarDB RestoreTable without a source: {code(e)}")

    # DeleteBackup removes it.
    client.delete_backup(models.DeleteBackupRequest(dbcluster_id=CLUSTER, backup_id=job))
    body = client.describe_backups(models.DescribeBackupsRequest(dbcluster_id=CLUSTER, backup_id=job)).body
    check(int(body.total_record_count) == 0, "PolarDB DeleteBackup: the backup set is gone")
    e = error_of(lambda: client.delete_backup(models.DeleteBackupRequest(dbcluster_id=CLUSTER, backup_id=job)))
    check(code(e) == "InvalidBackupSetID.NotFound", f"PolarDB DeleteBackup again: {code(e)}")

    # ModifyBackupPolicy, read back by DescribeBackupPolicy, the advanced policies sent as JSON.
    change = models.ModifyBackupPolicyRequestAdvancedDataPolicies(
        action_type="CREATE", src_type="level1", dest_type="level2", retention_type="delay", retention_value="30",
        only_preserve_one_each_day=True)
    client.modify_backup_policy(models.ModifyBackupPolicyRequest(
        dbcluster_id=CLUSTER, preferred_backup_time="03:00Z-04:00Z", preferred_backup_period="Tuesday,Friday",
        data_level_1backup_retention_period="9", backup_retention_policy_on_cluster_deletion="LATEST",
        backup_policy_level="Advanced", advanced_data_policies=[change]))
    policy = client.describe_backup_policy(models.DescribeBackupPolicyRequest(dbcluster_id=CLUSTER)).body
    advanced = policy.advanced_data_policies.advanced_data_policy if policy.advanced_data_policies else []
    check(policy.preferred_backup_time == "03:00Z-04:00Z" and policy.preferred_backup_period == "Tuesday,Friday"
          and policy.data_level_1backup_retention_period == "9"
          and policy.backup_retention_policy_on_cluster_deletion == "LATEST"
          and policy.backup_policy_level == "Advanced" and policy.preferred_next_backup_time is not None,
          "PolarDB DescribeBackupPolicy: the changes read back")
    check(any(p.dest_type == "level2" and p.retention_value == "30" and p.only_preserve_one_each_day is True
              and p.policy_id for p in advanced), "PolarDB DescribeBackupPolicy: the advanced policy read back")
    e = error_of(lambda: client.modify_backup_policy(models.ModifyBackupPolicyRequest(
        dbcluster_id=CLUSTER, preferred_backup_time="03:00Z-05:00Z")))
    check(code(e) == "InvalidPreferredBackupTime.Malformed", f"PolarDB ModifyBackupPolicy bad window: {code(e)}")

    # ModifyLogBackupPolicy, read back by DescribeLogBackupPolicy; DescribeBackupLogs keeps that many days.
    client.modify_log_backup_policy(models.ModifyLogBackupPolicyRequest(
        dbcluster_id=CLUSTER, log_backup_retention_period="4", log_backup_another_region_region="cn-beijing",
        log_backup_another_region_retention_period="30"))
    logs = client.describe_log_backup_policy(models.DescribeLogBackupPolicyRequest(dbcluster_id=CLUSTER)).body
    check(logs.log_backup_retention_period == 4 and logs.log_backup_another_region_region == "cn-beijing"
          and logs.log_backup_another_region_retention_period == "30" and logs.enable_backup_log == 1,
          "PolarDB DescribeLogBackupPolicy: the changes read back")
    now = datetime.datetime.now(datetime.timezone.utc)
    listed = client.describe_backup_logs(models.DescribeBackupLogsRequest(
        dbcluster_id=CLUSTER, start_time=minutes(now - datetime.timedelta(days=30)),
        end_time=minutes(now + datetime.timedelta(hours=1)), page_size=100)).body
    total = int(listed.total_record_count)
    check(95 <= total <= 97 and len(listed.items.backup_log) == total,
          f"PolarDB DescribeBackupLogs: 4 days of hourly logs ({total})")
    first = listed.items.backup_log[0]
    check(first.download_link and int(first.backup_log_size) > 0 and first.backup_log_start_time.endswith("Z"),
          "PolarDB DescribeBackupLogs: log files parse")
    e = error_of(lambda: client.modify_log_backup_policy(models.ModifyLogBackupPolicyRequest(
        dbcluster_id=CLUSTER, log_backup_retention_period="1")))
    check(code(e) == "InvalidLogBackupRetentionPeriod.Malformed", f"PolarDB ModifyLogBackupPolicy bad: {code(e)}")

    # Released clusters: none yet (the emulated API has no release), so the live one is listed and has no
    # detached backups.
    clusters = client.describe_dbclusters_with_backups(models.DescribeDBClustersWithBackupsRequest(
        region_id=REGION, is_deleted=0)).body
    ids = [c.dbcluster_id for c in clusters.items.dbcluster]
    check(CLUSTER in ids and clusters.total_record_count == len(ids)
          and clusters.items.dbcluster[0].dbcluster_status == "Running",
          "PolarDB DescribeDBClustersWithBackups: the cluster with backups")
    detached = client.describe_detached_backups(models.DescribeDetachedBackupsRequest(dbcluster_id=CLUSTER)).body
    check(int(detached.total_record_count) == 0, "PolarDB DescribeDetachedBackups: a live cluster has none")
    e = error_of(lambda: client.describe_detached_backups(models.DescribeDetachedBackupsRequest(dbcluster_id="pc-nope")))
    check(code(e) == "InvalidDBClusterId.NotFound", f"PolarDB DescribeDetachedBackups unknown: {code(e)}")
    e = error_of(lambda: client.create_backup(models.CreateBackupRequest(dbcluster_id="pc-nope")))
    check(code(e) == "InvalidDBClusterId.NotFound", f"PolarDB CreateBackup unknown: {code(e)}")
