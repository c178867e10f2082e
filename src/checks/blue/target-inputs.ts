// Target inputs that do not apply to the kind of source: RDS would refuse the call with a
// less helpful message, so prepare and create say which input to clear.
import type { TargetInputs } from '../../inputs/types.js'
import type { Database } from '../../rds/database.js'
import { finding, type Finding } from '../../findings/finding.js'

export function checkTargetInputs(db: Database, target: TargetInputs): Finding[] {
  const wrong: { input: string; why: string }[] = []
  if (db.kind === 'instance' && target.dbClusterParameterGroup) {
    wrong.push({ input: 'target-db-cluster-parameter-group', why: 'is for Aurora DB clusters; the source is an RDS for MySQL DB instance' })
  }
  if (db.kind === 'cluster' && target.instanceClass) {
    wrong.push({ input: 'target-instance-class', why: 'is for RDS for MySQL DB instances; Aurora green instances keep their classes (change them on green after creation)' })
  }
  if (db.kind === 'cluster' && target.upgradeStorageConfig) {
    wrong.push({ input: 'upgrade-target-storage-config', why: 'is for RDS for MySQL DB instances; Aurora storage has no such configuration' })
  }
  return wrong.map((w) =>
    finding({
      code: 'TARGET_INPUT_NOT_APPLICABLE',
      subject: w.input,
      message: `${w.input} ${w.why}.`,
      remedy: `Remove ${w.input} from the step's inputs.`,
    }),
  )
}
