"""Redis / Tair backup lifecycle through the official SDK (alibabacloud-r-kvstore20150101): CreateBackup starts a
job DescribeBackupTasks shows, DescribeBackups lists its backup once finished, ModifyBackupPolicy changes what
DescribeBackupPolicy returns, RestoreInstance restores that backup (and refuses bad combinations)."""

import datetime
import time

REDIS = "r-emu000001"


def minute(t):
    return t.strftime("%Y-%m-%dT%H:%MZ")


def run(client, models, check, error_of):
    job = client.create_backup(models.CreateBackupRequest(instance_id=REDIS)).body.backup_job_id
    check(job is not None and job.isdigit(), f"CreateBackup: job {job}")
    tasks = client.describe_backup_tasks(models.DescribeBackupTasksRequest(instance_id=REDIS, backup_job_id=job))
    jobs = tasks.body.backup_jobs
    check(len(jobs) == 1 and str(jobs[0].backup_job_id) == job and jobs[0].job_mode == "Manual"
          and jobs[0].backup_progress_status != "Finished", "DescribeBackupTasks: the job runs")

    now = datetime.datetime.now(datetime.timezone.utc)
    request = models.DescribeBackupsRequest(instance_id=REDIS, start_time=minute(now - datetime.timedelta(hours=1)),
                                            end_time=minute(now + datetime.timedelta(hours=1)),
                                            backup_job_id=int(job), page_size=30, page_number=1)
    body = client.describe_backups(request).body
    deadline = time.time() + 15
    while not body.backups.backup and time.time() < deadline:
        time.sleep(0.3)
        body = client.describe_backups(request).body
    backups = body.backups.backup
    check(len(backups) == 1 and str(backups[0].backup_job_id) == job and backups[0].backup_status == "Success"
          and body.total_count == 1, "DescribeBackups: the finished backup, wrapped list parses")
    tasks = client.describe_backup_tasks(models.DescribeBackupTasksRequest(instance_id=REDIS, backup_job_id=job))
    check(tasks.body.backup_jobs[0].backup_progress_status == "Finished", "DescribeBackupTasks: the job finished")

    client.modify_backup_policy(models.ModifyBackupPolicyRequest(
        instance_id=REDIS, preferred_backup_time="09:00Z-10:00Z", preferred_backup_period="Friday,Wednesday",
        backup_retention_period=14))
    policy = client.describe_backup_policy(models.DescribeBackupPolicyRequest(instance_id=REDIS)).body
    check((policy.preferred_backup_time, policy.preferred_backup_period, str(policy.backup_retention_period))
          == ("09:00Z-10:00Z", "Wednesday,Friday", "14") and policy.preferred_next_backup_time,
          "DescribeBackupPolicy reads ModifyBackupPolicy's change")

    r = client.restore_instance(models.RestoreInstanceRequest(instance_id=REDIS, backup_id=str(backups[0].backup_id)))
    check(r.status_code == 200 and r.body.request_id, "RestoreInstance: from the backup")
    e = error_of(lambda: client.restore_instance(models.RestoreInstanceRequest(instance_id=REDIS)))
    check(getattr(e, "code", None) == "MissingParameter", f"RestoreInstance without a backup: {getattr(e, 'code', e)}")
    e = error_of(lambda: client.restore_instance(models.RestoreInstanceRequest(
        instance_id=REDIS, restore_type="1", restore_time=now.strftime("%Y-%m-%dT%H:%M:%SZ"))))
    check(getattr(e, "code", None) in ("ServiceNotSupport", "InvalidBinlog.NotValid"),
          f"RestoreInstance to a time without flashback history: {getattr(e, 'code', e)}")
    e = error_of(lambda: client.describe_backups(models.DescribeBackupsRequest(
        instance_id=REDIS, start_time=minute(now), end_time=minute(now - datetime.timedelta(hours=1)))))
    check(getattr(e, "code", None) == "InvalidStartTimeAndEndTime.Malformed", f"reversed range: {getattr(e, 'code', e)}")
