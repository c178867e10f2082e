// event_scheduler must be OFF on green when the deployment is created: events running on
// green change its data behind replication's back. And when blue runs events but green's
// group has them off, they stop at the switchover until someone turns them on again.
import type { Database } from '../../rds/database.js'
import { groupLabel } from '../../rds/parameter-groups.js'
import { finding, type Finding } from '../../findings/finding.js'
import { effectiveValue, greenGroups, groupGiving } from './green-groups.js'
import type { BlueGroups, TargetGroups } from './types.js'

const isOn = (v: string | undefined) => v !== undefined && ['ON', '1'].includes(v.toUpperCase())

/** `running`: @@event_scheduler of blue's server when it could be read. */
export function checkEventScheduler(db: Database, blue: BlueGroups, target: TargetGroups, running?: string): Finding[] {
  const green = greenGroups(blue, target)
  const greenValue = effectiveValue(green, 'event_scheduler')
  if (isOn(greenValue)) {
    const from = groupGiving(green, 'event_scheduler')
    const input = from?.kind === 'cluster' ? 'target-db-cluster-parameter-group' : 'target-db-parameter-group'
    return [
      finding({
        code: 'EVENT_SCHEDULER_ON',
        subject: from?.name ?? db.identifier,
        message: `Green would start with event_scheduler=ON (from ${from ? `${groupLabel(from.kind)} ${from.name}` : 'its groups'}): events would run on green and change its data behind replication.`,
        remedy: `Give green a group with event_scheduler=OFF: copy ${from?.name ?? "blue's group"} with event_scheduler OFF and set ${input} to it; turn it back ON on the new primary after the switchover.`,
      }),
    ]
  }
  const blueValue = running ?? effectiveValue(blue, 'event_scheduler')
  if (isOn(blueValue)) {
    return [
      finding({
        code: 'EVENT_SCHEDULER_OFF_ON_GREEN',
        subject: db.identifier,
        message: `Events run on ${db.identifier} (event_scheduler ${blueValue}) but green's groups have event_scheduler OFF: after the switchover no event runs until it is turned on.`,
        remedy: `After the switchover, set event_scheduler=ON in the new primary's ${green.cluster?.parameters.has('event_scheduler') ? `DB cluster parameter group ${green.cluster.name}` : `DB parameter group ${green.db?.name ?? ''}`}.`,
      }),
    ]
  }
  return []
}
