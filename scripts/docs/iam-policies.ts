// The least-privilege IAM policy of each mode, as data: docs/iam.md is generated from it
// (npm run docs), and the demo runs every mode with a sandbox role limited to exactly
// these actions, which shows each list is enough for the calls the mode makes.
//
// Resources cannot be narrowed by name: RDS names green members itself
// (`<name>-green-<random>`) and AWS documents that policies for blue/green operations
// can't use partial name patterns. Tags narrow them instead:
//  - OPT_IN_TAG: you put it on each database the pipeline may operate on; RDS copies
//    blue's tags to green, so the same condition covers green and, after the
//    switchover, the old blue (`<name>-old1`).
//  - ACTION_TAG: the action puts it on what it creates (the deployment, the parameter
//    groups prepare creates): src/rds/tags.ts (ACTION_TAG_KEY, ACTION_TAG_VALUE).
import type { Mode } from '../../src/mode.js'
import { ACTION_TAG_KEY, ACTION_TAG_VALUE } from '../../src/rds/tags.js'

export const OPT_IN_TAG = { key: 'rds-blue-green', value: 'enabled' } as const
export const ACTION_TAG = { key: ACTION_TAG_KEY, value: ACTION_TAG_VALUE } as const

export type Engine = 'mysql' | 'aurora'

export interface Statement {
  Sid: string
  Effect: 'Allow'
  Action: string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

export interface PolicyDocument {
  Version: '2012-10-17'
  Statement: Statement[]
}

/** A statement with a note on why it is there, and which engines need it. */
interface Grant {
  why: string
  engines: readonly Engine[]
  statement: Statement
}

const BOTH = ['mysql', 'aurora'] as const
const MYSQL = ['mysql'] as const
const AURORA = ['aurora'] as const

const arn = (type: string, name = '*') => `arn:aws:rds:\${Region}:\${Account}:${type}:${name}`
const optedIn = { StringEquals: { [`aws:ResourceTag/${OPT_IN_TAG.key}`]: OPT_IN_TAG.value } }
const ours = { StringEquals: { [`aws:ResourceTag/${ACTION_TAG.key}`]: ACTION_TAG.value } }
const taggingOurs = { StringEquals: { [`aws:RequestTag/${ACTION_TAG.key}`]: ACTION_TAG.value } }

const read: Grant = {
  why: 'Find the source, the deployment, green and their state; read parameter groups and events. Describe calls cannot be limited by tag.',
  engines: BOTH,
  statement: {
    Sid: 'Read',
    Effect: 'Allow',
    Action: [
      'rds:DescribeDBInstances',
      'rds:DescribeDBClusters',
      'rds:DescribeBlueGreenDeployments',
      'rds:DescribeDBParameterGroups',
      'rds:DescribeDBParameters',
      'rds:DescribeDBClusterParameterGroups',
      'rds:DescribeDBClusterParameters',
      'rds:DescribeEvents',
      'rds:ListTagsForResource',
    ],
    Resource: '*',
  },
}

/** Per mode: what it changes. Every mode also gets `read`. */
const GRANTS: Record<Mode, Grant[]> = {
  prepare: [
    {
      why: "Create a custom parameter group when blue uses a default one; the action tags it, and only a request carrying that tag is allowed.",
      engines: BOTH,
      statement: {
        Sid: 'CreateTaggedParameterGroups',
        Effect: 'Allow',
        Action: ['rds:CreateDBParameterGroup', 'rds:CreateDBClusterParameterGroup', 'rds:AddTagsToResource'],
        Resource: [arn('pg'), arn('cluster-pg')],
        Condition: taggingOurs,
      },
    },
    {
      why: "Set binlog_format in a parameter group the action created (or one you tagged managed-by=rds-blue-green).",
      engines: BOTH,
      statement: {
        Sid: 'ModifyOurParameterGroups',
        Effect: 'Allow',
        Action: ['rds:ModifyDBParameterGroup', 'rds:ModifyDBClusterParameterGroup'],
        Resource: [arn('pg'), arn('cluster-pg')],
        Condition: ours,
      },
    },
    {
      why: 'Attach the group to blue, turn on backups (RDS for MySQL) and reboot blue, only for opted-in databases. Attaching also needs the group itself.',
      engines: MYSQL,
      statement: {
        Sid: 'ModifyAndRebootOptedInInstances',
        Effect: 'Allow',
        Action: ['rds:ModifyDBInstance', 'rds:RebootDBInstance'],
        Resource: arn('db'),
        Condition: optedIn,
      },
    },
    {
      why: 'Attach the group to the Aurora cluster and reboot its writer, only for opted-in clusters.',
      engines: AURORA,
      statement: {
        Sid: 'ModifyOptedInClusters',
        Effect: 'Allow',
        Action: ['rds:ModifyDBCluster', 'rds:RebootDBInstance'],
        Resource: [arn('cluster'), arn('db')],
        Condition: optedIn,
      },
    },
    {
      why: 'ModifyDBInstance/ModifyDBCluster name the parameter group too: allow attaching the groups the action manages.',
      engines: BOTH,
      statement: {
        Sid: 'AttachOurParameterGroups',
        Effect: 'Allow',
        Action: ['rds:ModifyDBInstance', 'rds:ModifyDBCluster'],
        Resource: [arn('pg'), arn('cluster-pg')],
        Condition: ours,
      },
    },
  ],
  create: [
    {
      why: 'Create the deployment, tagged by the action, from an opted-in source (the source is a resource of the call).',
      engines: BOTH,
      statement: {
        Sid: 'CreateTaggedDeployment',
        Effect: 'Allow',
        Action: ['rds:CreateBlueGreenDeployment', 'rds:AddTagsToResource'],
        Resource: arn('deployment'),
        Condition: taggingOurs,
      },
    },
    {
      why: 'CreateBlueGreenDeployment also authorizes on the source database, which must be opted in.',
      engines: BOTH,
      statement: {
        Sid: 'FromOptedInSource',
        Effect: 'Allow',
        Action: ['rds:CreateBlueGreenDeployment'],
        Resource: [arn('db'), arn('cluster')],
        Condition: optedIn,
      },
    },
    {
      why: "...and on green's parameter groups (blue's or the target ones); default groups have no tags, so this cannot be narrowed by tag.",
      engines: BOTH,
      statement: {
        Sid: 'WithParameterGroups',
        Effect: 'Allow',
        Action: ['rds:CreateBlueGreenDeployment'],
        Resource: [arn('pg'), arn('cluster-pg')],
      },
    },
    {
      why: "What RDS does on the caller's behalf while creating green (AWS: 'Authorizing access to blue/green deployment operations'). Green's names are generated, so only the account and Region scope them; RDS copies blue's tags, so the opt-in tag is requested.",
      engines: MYSQL,
      statement: {
        Sid: 'GreenInstances',
        Effect: 'Allow',
        Action: ['rds:CreateDBInstanceReadReplica', 'rds:AddTagsToResource'],
        Resource: arn('db'),
      },
    },
    {
      why: "The same for Aurora: green's cluster, its instances and its endpoints.",
      engines: AURORA,
      statement: {
        Sid: 'GreenClusters',
        Effect: 'Allow',
        Action: ['rds:CreateDBCluster', 'rds:CreateDBInstance', 'rds:CreateDBClusterEndpoint', 'rds:AddTagsToResource'],
        Resource: [arn('cluster'), arn('db'), arn('cluster-endpoint')],
      },
    },
    {
      why: "Reboot green members left pending-reboot by a different parameter group (green carries blue's opt-in tag).",
      engines: BOTH,
      statement: {
        Sid: 'RebootOptedInGreen',
        Effect: 'Allow',
        Action: ['rds:RebootDBInstance'],
        Resource: arn('db'),
        Condition: optedIn,
      },
    },
  ],
  verify: [],
  switchover: [
    {
      why: 'Switch over the deployment the action created.',
      engines: BOTH,
      statement: {
        Sid: 'SwitchoverOurDeployment',
        Effect: 'Allow',
        Action: ['rds:SwitchoverBlueGreenDeployment'],
        Resource: arn('deployment'),
        Condition: ours,
      },
    },
    {
      why: 'What RDS does on your behalf during the switchover: renames and promotion of opted-in instances (blue and green carry the tag).',
      engines: MYSQL,
      statement: {
        Sid: 'RenameAndPromoteInstances',
        Effect: 'Allow',
        Action: ['rds:ModifyDBInstance', 'rds:PromoteReadReplica'],
        Resource: arn('db'),
        Condition: optedIn,
      },
    },
    {
      why: 'The same for Aurora clusters.',
      engines: AURORA,
      statement: {
        Sid: 'RenameAndPromoteClusters',
        Effect: 'Allow',
        Action: ['rds:ModifyDBCluster', 'rds:PromoteReadReplicaDBCluster'],
        Resource: arn('cluster'),
        Condition: optedIn,
      },
    },
  ],
  cleanup: [
    {
      why: 'Delete the deployment the action created (after a switchover, or with abandon, together with green).',
      engines: BOTH,
      statement: {
        Sid: 'DeleteOurDeployment',
        Effect: 'Allow',
        Action: ['rds:DeleteBlueGreenDeployment'],
        Resource: arn('deployment'),
        Condition: ours,
      },
    },
    {
      why: 'Delete the old blue (delete-old) or green (abandon), both opted in, with a final snapshot.',
      engines: MYSQL,
      statement: {
        Sid: 'DeleteOptedInInstances',
        Effect: 'Allow',
        Action: ['rds:DeleteDBInstance', 'rds:CreateDBSnapshot', 'rds:DescribeDBSnapshots'],
        Resource: [arn('db'), arn('snapshot')],
        Condition: optedIn,
      },
    },
    {
      why: 'The same for Aurora: the cluster, its instances and endpoints, and the final cluster snapshot.',
      engines: AURORA,
      statement: {
        Sid: 'DeleteOptedInClusters',
        Effect: 'Allow',
        Action: ['rds:DeleteDBCluster', 'rds:DeleteDBInstance', 'rds:DeleteDBClusterEndpoint', 'rds:CreateDBClusterSnapshot', 'rds:DescribeDBClusterSnapshots'],
        Resource: [arn('cluster'), arn('db'), arn('cluster-endpoint'), arn('cluster-snapshot')],
        Condition: optedIn,
      },
    },
  ],
}

export interface DatabaseAccess {
  /** db-secret-arn: the secret's ARN. */
  secretArn?: string
  /** db-iam-auth: the MySQL user. */
  iamUser?: string
}

/** What a mode needs to reach MySQL: a secret, or IAM database authentication. */
function databaseGrants(access: DatabaseAccess): Grant[] {
  const grants: Grant[] = []
  if (access.secretArn) {
    grants.push({
      why: 'Read the database credentials (db-secret-arn).',
      engines: BOTH,
      statement: { Sid: 'DatabaseSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: access.secretArn },
    })
  }
  if (access.iamUser) {
    grants.push({
      why: "Log in with an IAM token (db-iam-auth). The resource is the DbiResourceId, which stays with each instance: after the switchover the endpoint is served by green's, so allow the user on any resource id.",
      engines: BOTH,
      statement: { Sid: 'DatabaseIamAuth', Effect: 'Allow', Action: ['rds-db:connect'], Resource: `arn:aws:rds-db:\${Region}:\${Account}:dbuser:*/${access.iamUser}` },
    })
  }
  return grants
}

/** The modes that connect to MySQL (and so may need the secret or rds-db:connect). */
export const DATABASE_MODES: readonly Mode[] = ['prepare', 'verify', 'switchover', 'cleanup']

export function grantsFor(mode: Mode, engines: readonly Engine[] = BOTH, access: DatabaseAccess = {}): Grant[] {
  const db = DATABASE_MODES.includes(mode) || mode === 'create' ? databaseGrants(access) : []
  return [read, ...GRANTS[mode], ...db].filter((g) => g.engines.some((e) => engines.includes(e)))
}

/** The mode's policy document, with `${Region}` and `${Account}` replaced. */
export function policyFor(mode: Mode, options: { engines?: readonly Engine[]; region?: string; account?: string; access?: DatabaseAccess } = {}): PolicyDocument {
  const fill = (s: string) => s.replace(/\$\{Region\}/g, options.region ?? '${Region}').replace(/\$\{Account\}/g, options.account ?? '${Account}')
  return {
    Version: '2012-10-17',
    Statement: grantsFor(mode, options.engines, options.access).map((g) => {
      const s = structuredClone(g.statement)
      s.Resource = Array.isArray(s.Resource) ? s.Resource.map(fill) : fill(s.Resource)
      return s
    }),
  }
}

/** Every action the mode's policy allows (for the sandbox's simulated IAM, which checks actions). */
export function allowedActions(mode: Mode, access: DatabaseAccess = {}): string[] {
  return [...new Set(grantsFor(mode, BOTH, access).flatMap((g) => g.statement.Action))].sort()
}

/** Why each statement is there, for the documentation. */
export function explain(mode: Mode, engines: readonly Engine[] = BOTH): { sid: string; engines: readonly Engine[]; why: string }[] {
  return grantsFor(mode, engines).map((g) => ({ sid: g.statement.Sid, engines: g.engines, why: g.why }))
}
