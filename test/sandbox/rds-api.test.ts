// Every non-blue/green RDS call through @aws-sdk/client-rds against a running sandbox: each
// list the action reads is non-empty (a wrong XML item name would parse as empty) and each
// error arrives with RDS's wire code.
import {
  CreateDBClusterParameterGroupCommand,
  CreateDBParameterGroupCommand,
  CreateDBSnapshotCommand,
  DeleteDBInstanceCommand,
  DescribeDBClusterParameterGroupsCommand,
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotsCommand,
  DescribeEventsCommand,
  ListTagsForResourceCommand,
  ModifyDBClusterCommand,
  ModifyDBClusterParameterGroupCommand,
  ModifyDBInstanceCommand,
  ModifyDBParameterGroupCommand,
  RebootDBInstanceCommand,
  type RDSClient,
} from '@aws-sdk/client-rds'
import { existsSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { errorOf, rdsClient, waitFor } from './helpers.js'

describe('RDS API on the sandbox', () => {
  let sandbox: Sandbox
  let rds: RDSClient
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'app-db', managedMasterPassword: true }, cluster: { id: 'app-aurora' }, timings: { rebootMs: 50, modifyMs: 50 } })
    rds = rdsClient(sandbox)
  })
  afterAll(() => sandbox.stop())

  const instance = async (id = 'app-db') => (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances![0]!

  it('describes instances with every list the action reads', async () => {
    const all = await rds.send(new DescribeDBInstancesCommand({}))
    expect(all.DBInstances!.map((i) => i.DBInstanceIdentifier).sort()).toEqual(['app-aurora-instance-1', 'app-db'])
    const db = await instance()
    expect(db).toMatchObject({ Engine: 'mysql', EngineVersion: '8.0.36', DBInstanceStatus: 'available', BackupRetentionPeriod: 1,
      Endpoint: { Address: '127.0.0.1', Port: sandbox.instance('app-db').proxy.port } })
    expect(db.DBParameterGroups).toEqual([{ DBParameterGroupName: 'default.mysql8.0', ParameterApplyStatus: 'in-sync' }])
    expect(db.VpcSecurityGroups!.length).toBeGreaterThan(0)
    expect(db.OptionGroupMemberships!.length).toBeGreaterThan(0)
    expect(db.MasterUserSecret).toMatchObject({ SecretStatus: 'active', SecretArn: expect.stringMatching(/^arn:aws:secretsmanager:/) })
    expect(db.ReadReplicaDBInstanceIdentifiers).toEqual([])
    const byFilter = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: ['app-aurora'] }] }))
    expect(byFilter.DBInstances!.map((i) => i.DBInstanceIdentifier)).toEqual(['app-aurora-instance-1'])
    expect(await errorOf(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'nope' }))))
      .toMatchObject({ name: 'DBInstanceNotFoundFault', code: 'DBInstanceNotFound', status: 404 })
  })

  it('describes the Aurora cluster with members and distinct writer and reader endpoints', async () => {
    const { DBClusters } = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'app-aurora' }))
    const c = DBClusters![0]!
    expect(c).toMatchObject({ Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.05.2', Status: 'available',
      DBClusterParameterGroup: 'default.aurora-mysql8.0', Endpoint: '127.0.0.1', ReaderEndpoint: '127.0.0.2' })
    expect(c.DBClusterMembers).toEqual([{ DBInstanceIdentifier: 'app-aurora-instance-1', IsClusterWriter: true,
      DBClusterParameterGroupStatus: 'in-sync', PromotionTier: 1 }])
    expect(c.VpcSecurityGroups!.length).toBeGreaterThan(0)
    expect(await errorOf(rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'nope' }))))
      .toMatchObject({ code: 'DBClusterNotFoundFault', status: 404 })
  })

  it('creates, describes and modifies parameter groups; default groups are read-only', async () => {
    await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'custom-mysql', DBParameterGroupFamily: 'mysql8.0',
      Description: 'custom', Tags: [{ Key: 'owner', Value: 'test' }] }))
    expect(await errorOf(rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'custom-mysql', DBParameterGroupFamily: 'mysql8.0', Description: 'x' }))))
      .toMatchObject({ code: 'DBParameterGroupAlreadyExists' })
    const groups = await rds.send(new DescribeDBParameterGroupsCommand({}))
    expect(groups.DBParameterGroups!.map((g) => g.DBParameterGroupName)).toEqual(expect.arrayContaining(['custom-mysql', 'default.mysql8.0']))
    expect(await errorOf(rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: 'nope' }))))
      .toMatchObject({ code: 'DBParameterGroupNotFound', status: 404 })
    expect(await errorOf(rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'default.mysql8.0',
      Parameters: [{ ParameterName: 'binlog_format', ParameterValue: 'MIXED', ApplyMethod: 'immediate' }] }))))
      .toMatchObject({ code: 'InvalidDBParameterGroupState' })
    expect(await errorOf(rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'custom-mysql',
      Parameters: [{ ParameterName: 'lower_case_table_names', ParameterValue: '1', ApplyMethod: 'immediate' }] }))))
      .toMatchObject({ code: 'InvalidParameterCombination' })
    expect(await errorOf(rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'custom-mysql',
      Parameters: [{ ParameterName: 'binlog_format', ParameterValue: 'FANCY', ApplyMethod: 'immediate' }] }))))
      .toMatchObject({ code: 'InvalidParameterValue' })
    await rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'custom-mysql',
      Parameters: [{ ParameterName: 'binlog_format', ParameterValue: 'MIXED', ApplyMethod: 'immediate' }] }))
    const user = await rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: 'custom-mysql', Source: 'user' }))
    expect(user.Parameters).toEqual([expect.objectContaining({ ParameterName: 'binlog_format', ParameterValue: 'MIXED', Source: 'user',
      ApplyType: 'dynamic', DataType: 'string', AllowedValues: 'ROW,STATEMENT,MIXED', IsModifiable: true })])
    const page1 = await rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: 'custom-mysql', MaxRecords: 20 }))
    expect(page1.Parameters!.length).toBeGreaterThan(5)
    const lctn = page1.Parameters!.find((p) => p.ParameterName === 'lower_case_table_names')
    expect(lctn).toMatchObject({ ApplyType: 'static', Source: 'engine-default' })
  })

  it('pages DescribeDBParameters with Marker and MaxRecords', async () => {
    const names: string[] = []
    let Marker: string | undefined
    do {
      // Twenty is RDS's minimum page; the catalog has fewer, so one page then no Marker.
      const page = await rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: 'default.mysql8.0', MaxRecords: 20, Marker }))
      names.push(...page.Parameters!.map((p) => p.ParameterName!))
      Marker = page.Marker
    } while (Marker)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toEqual(expect.arrayContaining(['binlog_format', 'read_only', 'event_scheduler', 'lower_case_table_names']))
    expect(await errorOf(rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: 'default.mysql8.0', MaxRecords: 5 }))))
      .toMatchObject({ code: 'InvalidParameterValue' })
  })

  it('attaching a group leaves the instance pending-reboot; the reboot applies it to the real server', async () => {
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'app-db', DBParameterGroupName: 'custom-mysql', ApplyImmediately: true }))
    expect((await instance()).DBParameterGroups![0]).toEqual({ DBParameterGroupName: 'custom-mysql', ParameterApplyStatus: 'pending-reboot' })
    const [before] = await sandbox.server('app-db').query<{ f: string }>('SELECT @@binlog_format AS f')
    expect(before!.f).toBe('ROW')
    const rebooting = await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: 'app-db' }))
    expect(rebooting.DBInstance!.DBInstanceStatus).toBe('rebooting')
    expect(await errorOf(rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: 'app-db' })))).toMatchObject({ code: 'InvalidDBInstanceState' })
    const after = await waitFor(instance, (i) => i.DBInstanceStatus === 'available')
    expect(after.DBParameterGroups![0]!.ParameterApplyStatus).toBe('in-sync')
    const [row] = await sandbox.server('app-db').query<{ f: string }>('SELECT @@binlog_format AS f')
    expect(row!.f).toBe('MIXED')
    // A dynamic parameter of the attached group applies at once.
    await rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'custom-mysql',
      Parameters: [{ ParameterName: 'event_scheduler', ParameterValue: 'ON', ApplyMethod: 'immediate' }] }))
    const [ev] = await sandbox.server('app-db').query<{ e: string }>('SELECT @@event_scheduler AS e')
    expect(ev!.e).toBe('ON')
    expect((await instance()).DBParameterGroups![0]!.ParameterApplyStatus).toBe('in-sync')
  })

  it('turning backups off and on restarts the server without and with a binlog', async () => {
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'app-db', BackupRetentionPeriod: 0, ApplyImmediately: true }))
    await waitFor(instance, (i) => i.DBInstanceStatus === 'available' && i.BackupRetentionPeriod === 0)
    const [off] = await sandbox.server('app-db').query<{ b: number }>('SELECT @@log_bin AS b')
    expect(off!.b).toBe(0)
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'app-db', BackupRetentionPeriod: 3, ApplyImmediately: false }))
    expect((await instance()).PendingModifiedValues).toEqual({ BackupRetentionPeriod: 3 })
    await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: 'app-db' }))
    await waitFor(instance, (i) => i.DBInstanceStatus === 'available' && i.BackupRetentionPeriod === 3)
    const [on] = await sandbox.server('app-db').query<{ b: number }>('SELECT @@log_bin AS b')
    expect(on!.b).toBe(1)
  })

  it('cluster parameter groups: binlog_format is static on Aurora, members go pending-reboot', async () => {
    await rds.send(new CreateDBClusterParameterGroupCommand({ DBClusterParameterGroupName: 'aurora-binlog', DBParameterGroupFamily: 'aurora-mysql8.0', Description: 'binlog' }))
    const listed = await rds.send(new DescribeDBClusterParameterGroupsCommand({}))
    expect(listed.DBClusterParameterGroups!.map((g) => g.DBClusterParameterGroupName)).toEqual(expect.arrayContaining(['aurora-binlog', 'default.aurora-mysql8.0']))
    expect(await errorOf(rds.send(new DescribeDBClusterParameterGroupsCommand({ DBClusterParameterGroupName: 'nope' })))).toMatchObject({ code: 'DBParameterGroupNotFound' })
    expect(await errorOf(rds.send(new ModifyDBClusterParameterGroupCommand({ DBClusterParameterGroupName: 'aurora-binlog',
      Parameters: [{ ParameterName: 'binlog_format', ParameterValue: 'ROW', ApplyMethod: 'immediate' }] })))).toMatchObject({ code: 'InvalidParameterCombination' })
    await rds.send(new ModifyDBClusterParameterGroupCommand({ DBClusterParameterGroupName: 'aurora-binlog',
      Parameters: [{ ParameterName: 'binlog_format', ParameterValue: 'ROW', ApplyMethod: 'pending-reboot' }] }))
    const params = await rds.send(new DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: 'aurora-binlog', Source: 'user' }))
    expect(params.Parameters).toEqual([expect.objectContaining({ ParameterName: 'binlog_format', ParameterValue: 'ROW', ApplyType: 'static' })])
    expect(await errorOf(rds.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'app-aurora', DBClusterParameterGroupName: 'nope' }))))
      .toMatchObject({ code: 'DBClusterParameterGroupNotFound' })
    const modified = await rds.send(new ModifyDBClusterCommand({ DBClusterIdentifier: 'app-aurora', DBClusterParameterGroupName: 'aurora-binlog', ApplyImmediately: true }))
    expect(modified.DBCluster!.DBClusterMembers![0]!.DBClusterParameterGroupStatus).toBe('pending-reboot')
    const [off] = await sandbox.server('app-aurora-instance-1').query<{ b: number }>('SELECT @@log_bin AS b')
    expect(off!.b).toBe(0)
    await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: 'app-aurora-instance-1' }))
    await waitFor(() => instance('app-aurora-instance-1'), (i) => i.DBInstanceStatus === 'available')
    const c = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'app-aurora' }))).DBClusters![0]!
    expect(c.DBClusterMembers![0]!.DBClusterParameterGroupStatus).toBe('in-sync')
    const [on] = await sandbox.server('app-aurora-instance-1').query<{ b: number; f: string }>('SELECT @@log_bin AS b, @@binlog_format AS f')
    expect(on).toEqual({ b: 1, f: 'ROW' })
  })

  it('snapshots are real dump files; deletion protection and final snapshot rules hold', async () => {
    const snap = await rds.send(new CreateDBSnapshotCommand({ DBSnapshotIdentifier: 'snap-1', DBInstanceIdentifier: 'app-db' }))
    expect(snap.DBSnapshot).toMatchObject({ DBSnapshotIdentifier: 'snap-1', DBInstanceIdentifier: 'app-db' })
    expect(await errorOf(rds.send(new CreateDBSnapshotCommand({ DBSnapshotIdentifier: 'snap-1', DBInstanceIdentifier: 'app-db' })))).toMatchObject({ code: 'DBSnapshotAlreadyExists' })
    const { DBSnapshots } = await rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: 'app-db' }))
    expect(DBSnapshots!.map((s) => [s.DBSnapshotIdentifier, s.Status])).toEqual([['snap-1', 'available']])
    const file = sandbox.state.snapshots.get('snap-1')!.file
    expect(statSync(file).size).toBeGreaterThan(500)
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'app-db', DeletionProtection: true }))
    expect(await errorOf(rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'app-db', SkipFinalSnapshot: true })))).toMatchObject({ code: 'InvalidParameterCombination' })
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'app-db', DeletionProtection: false }))
    expect(await errorOf(rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'app-db' })))).toMatchObject({ code: 'InvalidParameterCombination' })
    const datadir = sandbox.server('app-db').datadir
    const deleting = await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'app-db', FinalDBSnapshotIdentifier: 'app-db-final' }))
    expect(deleting.DBInstance!.DBInstanceStatus).toBe('deleting')
    await waitFor(async () => (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances!.length, (n) => n === 1)
    expect(existsSync(datadir)).toBe(false)
    expect(statSync(sandbox.state.snapshots.get('app-db-final')!.file).size).toBeGreaterThan(500)
  })

  it('lists events and tags, and throttles on demand', async () => {
    const events = await rds.send(new DescribeEventsCommand({ SourceType: 'db-instance', SourceIdentifier: 'app-db', Duration: 60 }))
    expect(events.Events!.map((e) => e.Message)).toEqual(expect.arrayContaining(['DB instance restarted', 'DB instance deleted']))
    expect(events.Events![0]!.EventCategories!.length).toBeGreaterThan(0)
    expect(await errorOf(rds.send(new DescribeEventsCommand({ SourceIdentifier: 'app-db' })))).toMatchObject({ code: 'InvalidParameterCombination' })
    const tags = await rds.send(new ListTagsForResourceCommand({ ResourceName: sandbox.state.arn('pg', 'custom-mysql') }))
    expect(tags.TagList).toEqual([{ Key: 'owner', Value: 'test' }])
    expect(await errorOf(rds.send(new ListTagsForResourceCommand({ ResourceName: sandbox.state.arn('db', 'nope') })))).toMatchObject({ code: 'DBInstanceNotFound' })
    sandbox.faults.throttle('DescribeDBClusters', 2)
    for (let n = 0; n < 2; n++) {
      expect(await errorOf(rds.send(new DescribeDBClustersCommand({})))).toMatchObject({ code: 'Throttling', message: 'Rate exceeded' })
    }
    expect((await rds.send(new DescribeDBClustersCommand({}))).DBClusters!.length).toBe(1)
  })
})
