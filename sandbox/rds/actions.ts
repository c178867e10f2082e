// Action name -> handler. Every RDS action the sandbox serves is listed here.
import type { Context } from './context.js'
import { createBlueGreenDeployment, deleteBlueGreenDeployment, describeBlueGreenDeployments } from './blue-green.js'
import { deleteDBCluster, describeDBClusterSnapshots, describeDBClusters, modifyDBCluster } from './clusters.js'
import { describeEvents } from './events.js'
import { deleteDBInstance, describeDBInstances, modifyDBInstance, rebootDBInstance } from './instances.js'
import {
  createDBClusterParameterGroup,
  createDBParameterGroup,
  describeDBClusterParameterGroups,
  describeDBClusterParameters,
  describeDBParameterGroups,
  describeDBParameters,
  modifyDBClusterParameterGroup,
  modifyDBParameterGroup,
} from './parameter-groups.js'
import { createDBSnapshot, describeDBSnapshots } from './snapshots.js'
import { switchoverBlueGreenDeployment } from './switchover.js'
import { listTagsForResource } from './tags.js'
import type { Handler } from './wire.js'

// Each handler takes the SDK's input type; the wire hands it the decoded request.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Action = (ctx: Context, input: any) => Promise<unknown>

const ACTIONS: Record<string, Action> = {
  DescribeDBInstances: describeDBInstances,
  ModifyDBInstance: modifyDBInstance,
  RebootDBInstance: rebootDBInstance,
  DeleteDBInstance: deleteDBInstance,
  DescribeDBClusters: describeDBClusters,
  ModifyDBCluster: modifyDBCluster,
  DeleteDBCluster: deleteDBCluster,
  DescribeDBClusterSnapshots: describeDBClusterSnapshots,
  CreateDBParameterGroup: createDBParameterGroup,
  CreateDBClusterParameterGroup: createDBClusterParameterGroup,
  DescribeDBParameterGroups: describeDBParameterGroups,
  DescribeDBClusterParameterGroups: describeDBClusterParameterGroups,
  DescribeDBParameters: describeDBParameters,
  DescribeDBClusterParameters: describeDBClusterParameters,
  ModifyDBParameterGroup: modifyDBParameterGroup,
  ModifyDBClusterParameterGroup: modifyDBClusterParameterGroup,
  CreateBlueGreenDeployment: createBlueGreenDeployment,
  DescribeBlueGreenDeployments: describeBlueGreenDeployments,
  SwitchoverBlueGreenDeployment: switchoverBlueGreenDeployment,
  DeleteBlueGreenDeployment: deleteBlueGreenDeployment,
  CreateDBSnapshot: createDBSnapshot,
  DescribeDBSnapshots: describeDBSnapshots,
  DescribeEvents: describeEvents,
  ListTagsForResource: listTagsForResource,
}

export const SUPPORTED_ACTIONS = Object.keys(ACTIONS)

export function handlers(ctx: Context): Record<string, Handler> {
  const out: Record<string, Handler> = {}
  for (const [name, action] of Object.entries(ACTIONS)) out[name] = (input) => action(ctx, input)
  return out
}
