// After the deployment is AVAILABLE, green is not necessarily usable: a target parameter
// group with static differences leaves green pending-reboot (seed 000 step 4-2: the green
// cluster's binlog_format waited for a reboot), and a green member can still be in
// storage-optimization or another non-available state (a known cause of refused or failed
// switchovers). Green is not production: its pending-reboot members are rebooted without
// asking (each once), and everything is waited for until available and in sync.
import { RebootDBInstanceCommand } from '@aws-sdk/client-rds'
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import { describeGreen, type Green } from '../../rds/green.js'
import { memberGroupStatuses, pendingReboot } from '../../rds/parameter-groups.js'
import { finding, type Finding } from '../../findings/finding.js'
import { describeCall, type ModeContext } from '../context.js'
import { describeState, settled } from '../wait.js'

export interface GreenResult {
  green: Green
  rebooted: string[]
  findings: Finding[]
}

/** Reboots green members that are pending-reboot and waits until every member is available and in sync. */
export async function settleGreen(ctx: ModeContext<'create'>, deployment: BlueGreenDeployment, timeoutMs: number): Promise<GreenResult> {
  const rebooted: string[] = []
  const findings: Finding[] = []
  const rebootPending = async (green: Green) => {
    for (const m of memberGroupStatuses(green)) {
      const instance = green.instances.find((i) => i.DBInstanceIdentifier === m.instance)
      // RDS reboots only an available instance; one in storage-optimization is waited for first.
      if (!pendingReboot(m) || rebooted.includes(m.instance) || instance?.DBInstanceStatus !== 'available') continue
      const command = new RebootDBInstanceCommand({ DBInstanceIdentifier: m.instance })
      await ctx.act(describeCall(command), () => ctx.rds.send(command))
      rebooted.push(m.instance)
      if (!ctx.dryRun) ctx.report.event(`green ${m.instance}: reboot for its pending-reboot parameter group`)
      findings.push(
        finding({
          code: 'GREEN_REBOOTED',
          subject: m.instance,
          message: `Green ${m.instance}'s parameter group was pending-reboot (a target group with static differences): it ${ctx.dryRun ? 'would be' : 'was'} rebooted so green runs with its settings.`,
        }),
      )
    }
  }
  if (ctx.dryRun) {
    const green = await describeGreen(ctx.rds, deployment)
    await rebootPending(green)
    return { green, rebooted, findings }
  }
  const green = await ctx.poll({
    what: 'green to be available and in sync',
    timeoutMs,
    initialDelayMs: 1000,
    maxDelayMs: 15_000,
    check: async () => {
      const green = await describeGreen(ctx.rds, deployment)
      if (settled(green) && green.endpoint && green.missing.length === 0) return { done: true, value: green }
      await rebootPending(green)
      return { done: false, status: describeState(green) }
    },
    onStatus: (status) => ctx.report.event(`green: ${status}`),
  })
  return { green, rebooted, findings }
}

/** GREEN_REPLICATION_ERROR for each green member whose read replication RDS reports in error (seed 000's 1236 shows here). */
export function checkGreenReplication(green: Green): Finding[] {
  return green.instances.flatMap((i) =>
    (i.StatusInfos ?? [])
      .filter((s) => s.StatusType === 'read replication' && s.Normal === false)
      .map((s) =>
        finding({
          code: 'GREEN_REPLICATION_ERROR',
          subject: i.DBInstanceIdentifier ?? '',
          message: `RDS reports green ${i.DBInstanceIdentifier ?? ''}'s replication from blue as ${s.Status ?? 'error'}: ${s.Message ?? 'no message'}.`,
        }),
      ),
  )
}
