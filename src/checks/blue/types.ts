// What the API-level checks of blue read: the database as describeDatabase returns it, its
// parameter groups (read once per run), and green's groups when target inputs name them.
import type { BinlogFormat } from '../../inputs/types.js'
import type { ParameterGroupInfo } from '../../rds/parameter-groups.js'

export interface BlueGroups {
  /** RDS for MySQL: the instance's group. Aurora: the writer's DB parameter group. */
  db?: ParameterGroupInfo
  /** Aurora only: the DB cluster parameter group. */
  cluster?: ParameterGroupInfo
}

/** Green's groups named by target inputs: undefined when not given (green inherits blue's), null when given but not found. */
export interface TargetGroups {
  db?: ParameterGroupInfo | null
  cluster?: ParameterGroupInfo | null
}

export type { BinlogFormat }

/** AWS's advice: MIXED on RDS for MySQL, ROW on Aurora MySQL. */
export function defaultBinlogFormat(engine: string): BinlogFormat {
  return engine.startsWith('aurora') ? 'ROW' : 'MIXED'
}
