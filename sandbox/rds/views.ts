// How RDS describes each resource: model -> the SDK's own output types (so member names are
// checked at compile time and again by the XML encoder against the schema).
import type {
  BlueGreenDeployment,
  DBCluster,
  DBInstance,
  DBParameterGroup,
  DBClusterParameterGroup,
  DBSnapshot,
} from '@aws-sdk/client-rds'
import type { Context } from './context.js'
import type { Cluster, Deployment, Instance, ParameterGroup, Snapshot } from './model.js'
import { clusterMembers } from './provision.js'

const AZ = 'us-east-1a'

export function instanceView(ctx: Context, i: Instance): DBInstance {
  const { state } = ctx
  const status = i.storageOptimizationUntil && Date.now() < i.storageOptimizationUntil && i.status === 'available'
    ? 'storage-optimization'
    : i.status
  // Green members replicate from blue but RDS does not list them as blue's read replicas.
  const replicas = [...state.instances.values()].filter((r) => r.replicaOf === i.id && !r.clusterId && !isGreenMember(ctx, r)).map((r) => r.id)
  const view: DBInstance = {
    DBInstanceIdentifier: i.id,
    DBInstanceClass: i.instanceClass,
    Engine: i.engine,
    DBInstanceStatus: status,
    MasterUsername: i.masterUsername,
    Endpoint: { Address: i.proxy.host, Port: i.proxy.port, HostedZoneId: 'Z2R2ITUGPM61AM' },
    AllocatedStorage: i.engine === 'aurora-mysql' ? 1 : 20,
    InstanceCreateTime: i.createdAt,
    PreferredBackupWindow: '03:00-03:30',
    BackupRetentionPeriod: i.backupRetention,
    DBSecurityGroups: [],
    VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0sandbox0000000001', Status: 'active' }],
    DBParameterGroups: [{ DBParameterGroupName: i.parameterGroup, ParameterApplyStatus: i.parameterApplyStatus }],
    AvailabilityZone: AZ,
    PreferredMaintenanceWindow: 'sun:05:00-sun:05:30',
    PendingModifiedValues: i.pendingBackupRetention !== undefined ? { BackupRetentionPeriod: i.pendingBackupRetention } : {},
    MultiAZ: false,
    EngineVersion: i.engineVersion,
    AutoMinorVersionUpgrade: true,
    ReadReplicaDBInstanceIdentifiers: replicas,
    LicenseModel: 'general-public-license',
    OptionGroupMemberships: [{ OptionGroupName: `default:${i.engine}-8-0`, Status: 'in-sync' }],
    PubliclyAccessible: false,
    StorageType: i.engine === 'aurora-mysql' ? 'aurora' : 'gp3',
    DbInstancePort: 0,
    StorageEncrypted: true,
    DbiResourceId: i.resourceId,
    CACertificateIdentifier: 'rds-ca-rsa2048-g1',
    CopyTagsToSnapshot: false,
    DBInstanceArn: state.arn('db', i.id),
    IAMDatabaseAuthenticationEnabled: false,
    DeletionProtection: i.deletionProtection,
    TagList: i.tags,
    CertificateDetails: { CAIdentifier: 'rds-ca-rsa2048-g1' },
    BackupTarget: 'region',
    NetworkType: 'IPV4',
  }
  if (i.clusterId) {
    view.DBClusterIdentifier = i.clusterId
    view.PromotionTier = 1
  }
  if (i.replicaOf && !i.clusterId && !isGreenMember(ctx, i)) view.ReadReplicaSourceDBInstanceIdentifier = i.replicaOf
  if (i.managedMasterPassword && i.managedMasterSecretArn) {
    view.MasterUserSecret = { SecretArn: i.managedMasterSecretArn, SecretStatus: 'active' }
  }
  if (i.statusInfo) {
    view.StatusInfos = [{ StatusType: 'read replication', Normal: false, Status: i.statusInfo.Status, Message: i.statusInfo.Message }]
  }
  return view
}

function isGreenMember(ctx: Context, i: Instance): boolean {
  return [...ctx.state.deployments.values()].some(
    (d) => d.status !== 'SWITCHOVER_COMPLETED' && d.details.some((m) => m.kind === 'db' && m.target === i.id),
  )
}

export function clusterView(ctx: Context, c: Cluster): DBCluster {
  const members = clusterMembers(ctx, c)
  return {
    AllocatedStorage: 1,
    AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    BackupRetentionPeriod: c.backupRetention,
    DatabaseName: c.dbName,
    DBClusterIdentifier: c.id,
    DBClusterParameterGroup: c.parameterGroup,
    Status: c.status,
    Endpoint: c.writerProxy.host,
    ReaderEndpoint: c.readerProxy.host,
    MultiAZ: members.length > 1,
    Engine: c.engine,
    EngineVersion: c.engineVersion,
    Port: c.writerProxy.port,
    MasterUsername: c.masterUsername,
    PreferredBackupWindow: '03:00-03:30',
    PreferredMaintenanceWindow: 'sun:05:00-sun:05:30',
    DBClusterMembers: members.map((m) => ({
      DBInstanceIdentifier: m.id,
      IsClusterWriter: Boolean(m.isWriter),
      DBClusterParameterGroupStatus: m.clusterParameterGroupStatus ?? 'in-sync',
      PromotionTier: 1,
    })),
    VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0sandbox0000000001', Status: 'active' }],
    HostedZoneId: 'Z2R2ITUGPM61AM',
    StorageEncrypted: true,
    DbClusterResourceId: c.resourceId,
    DBClusterArn: ctx.state.arn('cluster', c.id),
    IAMDatabaseAuthenticationEnabled: false,
    ClusterCreateTime: c.createdAt,
    EngineMode: 'provisioned',
    DeletionProtection: c.deletionProtection,
    HttpEndpointEnabled: false,
    CopyTagsToSnapshot: false,
    CrossAccountClone: false,
    TagList: c.tags,
    AutoMinorVersionUpgrade: true,
    NetworkType: 'IPV4',
    StorageType: 'aurora',
  }
}

export function parameterGroupView(ctx: Context, g: ParameterGroup): DBParameterGroup {
  return {
    DBParameterGroupName: g.name,
    DBParameterGroupFamily: g.family,
    Description: g.description,
    DBParameterGroupArn: ctx.state.arn('pg', g.name),
  }
}

export function clusterParameterGroupView(ctx: Context, g: ParameterGroup): DBClusterParameterGroup {
  return {
    DBClusterParameterGroupName: g.name,
    DBParameterGroupFamily: g.family,
    Description: g.description,
    DBClusterParameterGroupArn: ctx.state.arn('cluster-pg', g.name),
  }
}

function memberArn(ctx: Context, kind: string, id: string): string {
  return ctx.state.arn(kind, id)
}

export function deploymentView(ctx: Context, d: Deployment): BlueGreenDeployment {
  const view: BlueGreenDeployment = {
    BlueGreenDeploymentIdentifier: d.id,
    BlueGreenDeploymentName: d.name,
    Source: memberArn(ctx, d.kind, d.source),
    Target: memberArn(ctx, d.kind, d.target),
    SwitchoverDetails: d.details.map((m) => ({
      SourceMember: memberArn(ctx, m.kind, m.source),
      TargetMember: memberArn(ctx, m.kind, m.target),
      Status: m.status,
    })),
    Tasks: d.tasks.map((t) => ({ ...t })),
    Status: d.status,
    CreateTime: d.createdAt,
    TagList: d.tags,
  }
  if (d.statusDetails) view.StatusDetails = d.statusDetails
  if (d.deletedAt) view.DeleteTime = d.deletedAt
  return view
}

export function snapshotView(ctx: Context, s: Snapshot): DBSnapshot {
  return {
    DBSnapshotIdentifier: s.id,
    DBInstanceIdentifier: s.instanceId,
    SnapshotCreateTime: s.createdAt,
    Engine: s.engine,
    AllocatedStorage: 20,
    Status: s.status,
    Port: s.port,
    AvailabilityZone: AZ,
    InstanceCreateTime: s.createdAt,
    MasterUsername: s.masterUsername,
    EngineVersion: s.engineVersion,
    LicenseModel: 'general-public-license',
    SnapshotType: s.type,
    PercentProgress: s.status === 'available' ? 100 : 0,
    StorageType: 'gp3',
    Encrypted: true,
    DBSnapshotArn: ctx.state.arn('snapshot', s.id),
    IAMDatabaseAuthenticationEnabled: false,
    TagList: s.tags,
    DbiResourceId: s.id,
    SnapshotTarget: 'region',
  }
}
