// Following a deployment until it is AVAILABLE. There is no SDK waiter: DescribeBlueGreen
// Deployments is polled with backoff, and every change (the deployment's status, each
// task's status) is logged and put on the timeline once, not once per poll. It ends at
// AVAILABLE, or at a failure: INVALID_CONFIGURATION, a FAILED task, or a status in which
// the deployment can no longer become available.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import { describeDeployment } from '../../rds/deployment.js'
import type { ModeContext } from '../context.js'

export type FollowResult =
  | { outcome: 'available'; deployment: BlueGreenDeployment }
  | { outcome: 'failed'; deployment: BlueGreenDeployment; why: 'INVALID_CONFIGURATION' | 'TASK_FAILED' | 'OTHER' }

/** "PROVISIONING: CREATING_READ_REPLICA_OF_SOURCE COMPLETED, DB_ENGINE_VERSION_UPGRADE IN_PROGRESS, ..." */
export function progressOf(d: BlueGreenDeployment): string {
  const tasks = (d.Tasks ?? []).map((t) => `${t.Name ?? '?'} ${t.Status ?? '?'}`).join(', ')
  return `${d.Status ?? 'unknown'}${tasks ? `: ${tasks}` : ''}`
}

export async function followToAvailable(ctx: ModeContext<'create'>, initial: BlueGreenDeployment, timeoutMs: number): Promise<FollowResult> {
  const id = initial.BlueGreenDeploymentIdentifier ?? ''
  const seen = new Map<string, string>()
  const note = (d: BlueGreenDeployment) => {
    const changes: string[] = []
    if (seen.get('') !== d.Status) changes.push(`deployment ${id}: ${d.Status ?? 'unknown'}`)
    seen.set('', d.Status ?? '')
    for (const t of d.Tasks ?? []) {
      const name = t.Name ?? '?'
      if (seen.get(name) !== t.Status) changes.push(`task ${name}: ${t.Status ?? '?'}`)
      seen.set(name, t.Status ?? '')
    }
    for (const change of changes) {
      ctx.log.info(change)
      ctx.report.event(change)
    }
  }
  note(initial)
  return ctx.poll<FollowResult>({
    what: `deployment ${id} to be AVAILABLE`,
    timeoutMs,
    initialDelayMs: 2000,
    maxDelayMs: 30_000,
    // note() logs each task's change on its own line; the progress repeats the whole state when quiet.
    logStatus: false,
    check: async () => {
      const d = await describeDeployment(ctx.rds, id)
      if (!d) throw new Error(`deployment ${id} disappeared while create was following it (was it deleted?)`)
      note(d)
      if (d.Status === 'AVAILABLE') return { done: true, value: { outcome: 'available', deployment: d } }
      if (d.Status === 'INVALID_CONFIGURATION') return { done: true, value: { outcome: 'failed', deployment: d, why: 'INVALID_CONFIGURATION' } }
      if ((d.Tasks ?? []).some((t) => t.Status === 'FAILED')) return { done: true, value: { outcome: 'failed', deployment: d, why: 'TASK_FAILED' } }
      if (d.Status !== 'PROVISIONING') return { done: true, value: { outcome: 'failed', deployment: d, why: 'OTHER' } }
      return { done: false, status: progressOf(d) }
    },
  })
}
