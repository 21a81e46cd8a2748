"""The RDS backup lifecycle through the official SDK (alibabacloud-rds20140815) against the emulator: every
operation of the backup set (CreateBackup ... DescribeLocalAvailableRecoveryTime) is called once, with checks that
the answers parse and agree with each other. `run` is called once per signature by interop.py."""

import time

INSTANCE = "rm-emu000001"


def wait_job(client, models, job):
    """Polls DescribeBackupTasks (narrowed to the job) until the job is final; returns its last listing."""
    for _ in range(200):
        tasks = client.describe_backup_tasks(models.DescribeBackupTasksRequest(
            dbinstance_id=INSTANCE, backup_job_id=int(job))).body.items.backup_job
        if tasks and tasks[0].backup_status in ("Finished", "Failed"):
            return tasks[0]
        time.sleep(0.05)
    return None


def run(client, models, check, error_of):
    job = client.create_backup(models.CreateBackupRequest(dbinstance_id=INSTANCE)).body.backup_job_id
    check(job is not None, f"CreateBackup: job {job}")
    finished = wait_job(client, models, job)
    check(finished is not None and finished.backup_status == "Finished" and finished.backup_id,
          "DescribeBackupTasks: the job finishes with a backup set id")
    backup_id = finished.backup_id if finished else "0"

    listed = client.describe_backups(models.DescribeBackupsRequest(dbinstance_id=INSTANCE, backup_id=backup_id))
    check(len(listed.body.items.backup) == 1, "DescribeBackups lists the new backup set")

    dbs = client.describe_backup_database(models.DescribeBackupDatabaseRequest(
        dbinstance_id=INSTANCE, backup_id=backup_id)).body.database_names
    check(dbs and "db1" in dbs, f"DescribeBackupDatabase: {dbs}")

    client.delete_backup(models.DeleteBackupRequest(dbinstance_id=INSTANCE, backup_id=backup_id))
    gone = client.describe_backups(models.DescribeBackupsRequest(dbinstance_id=INSTANCE, backup_id=backup_id))
    check(not gone.body.items.backup, "DeleteBackup removes it")
    e = error_of(lambda: client.delete_backup(models.DeleteBackupRequest(dbinstance_id=INSTANCE, backup_id=backup_id)))
    check(getattr(e, "code", None) == "InvalidBackupSetID.NotFound", f"DeleteBackup again: {getattr(e, 'code', e)}")

    job = client.create_backup(models.CreateBackupRequest(dbinstance_id=INSTANCE)).body.backup_job_id
    done = wait_job(client, models, job)
    second = done.backup_id if done else None
    deleted = client.delete_backup_file(models.DeleteBackupFileRequest(
        dbinstance_id=INSTANCE, backup_id=second)).body.deleted_bakset_ids.deleted_bakset_ids
    check([str(d) for d in deleted] == [str(second)], f"DeleteBackupFile: deleted {deleted}")

    client.modify_backup_policy(models.ModifyBackupPolicyRequest(
        dbinstance_id=INSTANCE, backup_retention_period="14", preferred_backup_time="03:00Z-04:00Z"))
    policy = client.describe_backup_policy(models.DescribeBackupPolicyRequest(dbinstance_id=INSTANCE)).body
    check(policy.backup_retention_period == 14 and policy.preferred_backup_time == "03:00Z-04:00Z",
          "ModifyBackupPolicy changes what DescribeBackupPolicy returns")

    window = client.describe_local_available_recovery_time(
        models.DescribeLocalAvailableRecoveryTimeRequest(dbinstance_id=INSTANCE)).body
    binlogs = client.describe_binlog_files(models.DescribeBinlogFilesRequest(
        dbinstance_id=INSTANCE, start_time="2023-01-01T00:00:00Z", end_time="2030-01-01T00:00:00Z",
        page_size=100)).body
    files = binlogs.items.bin_log_file
    check(files and files[0].log_end_time == window.recovery_end_time,
          "DescribeBinlogFiles: the newest file ends where the recovery window ends")
    logs = client.describe_log_backup_files(models.DescribeLogBackupFilesRequest(
        dbinstance_id=INSTANCE, start_time="2023-01-01T00:00Z", end_time="2030-01-01T00:00Z")).body
    check(logs.total_record_count == binlogs.total_record_count, "DescribeLogBackupFiles agrees with the binlogs")

    ok = client.describe_backups(models.DescribeBackupsRequest(dbinstance_id=INSTANCE, backup_status="Success"))
    first = ok.body.items.backup[0]
    cross = client.describe_available_recovery_time(
        models.DescribeAvailableRecoveryTimeRequest(cross_backup_id=int(first.backup_id))).body
    check(cross.recovery_begin_time == first.backup_end_time, "DescribeAvailableRecoveryTime starts at the backup")

    detached = client.describe_detached_backups(models.DescribeDetachedBackupsRequest(region="cn-beijing")).body
    check(str(detached.total_record_count) == "0", "DescribeDetachedBackups: none in a region without releases")

    e = error_of(lambda: client.describe_backup_policy(models.DescribeBackupPolicyRequest(dbinstance_id="rm-nope")))
    check(getattr(e, "code", None) == "InvalidDBInstance.NotFound", f"unknown instance: {getattr(e, 'code', e)}")
