// SwitchoverBlueGreenDeployment. Guardrails first (deployment AVAILABLE, every member
// available, green replication running without errors: otherwise RDS refuses with "Correct
// the replication errors and then switch over."). Then, in the background and within
// SwitchoverTimeout: blue made read-only (writes get 1290), green catches up with blue's
// last binlog position, endpoints re-pointed (open connections dropped; new ones refused or
// hung for a configurable window), renames (green takes blue's identifiers and endpoints,
// blue becomes <name>-old1 with a new endpoint and stays read-only), green promoted and
// writable. Any failure or the timeout rolls back: blue writable again, nothing renamed.
import type { SwitchoverBlueGreenDeploymentRequest, SwitchoverBlueGreenDeploymentResponse } from '@aws-sdk/client-rds'
import type { EndpointProxy } from '../net/proxy.js'
import { sleep } from '../timings.js'
import type { Context } from './context.js'
import { RdsError, invalidParameter } from './errors.js'
import { clusterEndpoints, retargetClusterEndpoints } from './lifecycle.js'
import { findDeployment, requireString } from './lookup.js'
import type { Cluster, Deployment, Instance, SwitchoverTrace } from './model.js'
import { endpointFor, settingsFor } from './provision.js'
import { replicaStatus, startReplication } from './replication.js'
import { writeTopology } from './topology.js'
import { deploymentView } from './views.js'

const REPLICATION_ERRORS = 'Correct the replication errors and then switch over.'

interface Pair {
  blue: Instance
  green: Instance
}

function pairsOf(ctx: Context, d: Deployment): Pair[] {
  return d.details.filter((m) => m.kind === 'db').map((m) => {
    const blue = ctx.state.instances.get(m.source)
    const green = ctx.state.instances.get(m.target)
    if (!blue || !green) {
      throw new RdsError('InvalidBlueGreenDeploymentStateFault', `Blue/green deployment ${d.id} is missing ${blue ? 'its target' : 'its source'} ${blue ? m.target : m.source}.`)
    }
    return { blue, green }
  })
}

function unavailable(i: Instance): string | undefined {
  if (i.storageOptimizationUntil && Date.now() < i.storageOptimizationUntil) return 'storage-optimization'
  return i.status === 'available' ? undefined : i.status
}

export async function switchoverBlueGreenDeployment(ctx: Context, input: SwitchoverBlueGreenDeploymentRequest): Promise<SwitchoverBlueGreenDeploymentResponse> {
  const d = findDeployment(ctx, requireString(input, 'BlueGreenDeploymentIdentifier'))
  const timeout = input.SwitchoverTimeout ?? 300
  if (!Number.isInteger(timeout) || timeout < 30 || timeout > 3600) {
    throw invalidParameter(`SwitchoverTimeout must be between 30 and 3600 seconds, got ${timeout}.`)
  }
  if (d.status !== 'AVAILABLE' && d.status !== 'SWITCHOVER_FAILED') {
    throw new RdsError('InvalidBlueGreenDeploymentStateFault', `Blue/green deployment ${d.id} is in the ${d.status} state. Switchover requires AVAILABLE.`)
  }
  const pairs = pairsOf(ctx, d)
  for (const { blue, green } of pairs) {
    for (const i of [blue, green]) {
      const state = unavailable(i)
      if (state) throw new RdsError('InvalidBlueGreenDeploymentStateFault', `DB instance ${i.id} is in the ${state} state. All databases must be available to switch over.`)
    }
    const status = await replicaStatus(green.server)
    if (!status || status.ioErrno || status.sqlErrno || status.ioRunning !== 'Yes' || status.sqlRunning !== 'Yes') {
      throw new RdsError('InvalidBlueGreenDeploymentStateFault', REPLICATION_ERRORS)
    }
  }
  d.status = 'SWITCHOVER_IN_PROGRESS'
  delete d.statusDetails
  for (const m of d.details) m.status = 'SWITCHOVER_IN_PROGRESS'
  ctx.state.event('blue-green-deployment', d.id, 'Switchover started on blue/green deployment.', ['notification'])
  ctx.background.run(`switchover ${d.id}`, () => run(ctx, d, pairs, timeout * 1000))
  return { BlueGreenDeployment: deploymentView(ctx, d) }
}

async function setReadOnly(i: Instance, on: boolean): Promise<void> {
  await i.server.query(`SET GLOBAL read_only = ${on ? 1 : 0}`)
}

/** Waits until every green has executed everything blue's writer wrote; false at the deadline. */
async function catchUp(pairs: Pair[], writer: Instance, deadline: number, never: boolean): Promise<string | undefined> {
  const [master] = await writer.server.query<{ File: string; Position: number }>('SHOW MASTER STATUS')
  if (!master) return 'The source has no binary log.'
  for (;;) {
    let behind = false
    for (const { green } of pairs) {
      const s = await replicaStatus(green.server)
      if (!s || s.ioErrno || s.sqlErrno) return REPLICATION_ERRORS
      if (s.execFile !== master.File || s.execPos < Number(master.Position)) behind = true
    }
    if (!behind && !never) return undefined
    if (Date.now() >= deadline) return 'Switchover timed out: the green environment did not catch up with the blue environment within the switchover timeout. Blue/green deployment rolled back.'
    await sleep(20)
  }
}

function freeName(ctx: Context, base: string, clusters: boolean): string {
  for (let n = 1; ; n++) {
    const name = `${base}-old${n}`
    if (!(clusters ? ctx.state.clusters : ctx.state.instances).has(name)) return name
  }
}

async function run(ctx: Context, d: Deployment, pairs: Pair[], timeoutMs: number): Promise<void> {
  const t = ctx.timings.switchover
  const fault = ctx.faults.takeSwitchoverFault()
  const writer = pairs.find((p) => p.blue.isWriter)?.blue ?? pairs[0]!.blue
  const started = Date.now()
  const trace: SwitchoverTrace = { startedAt: started }
  d.switchoverTrace = trace
  await writeTopology(ctx, d, 'SWITCHOVER_INITIATED')
  // 1. Writes stop on blue (the master user has no SUPER: it gets 1290 from now on).
  for (const { blue } of pairs) await setReadOnly(blue, true)
  trace.readOnlyAt = Date.now()
  await writeTopology(ctx, d, 'SWITCHOVER_IN_PROGRESS')
  // 2. Catch-up within the timeout (or the fault's moment).
  const deadline = started + Math.min(timeoutMs, fault?.afterMs ?? timeoutMs)
  let failure = await catchUp(pairs, writer, deadline, fault?.kind === 'timeout')
  if (!failure && fault?.kind === 'fail') {
    await sleep(Math.max(0, (fault.afterMs ?? t.readOnlyMs) - (Date.now() - started)))
    failure = fault.reason ?? 'Switchover failed: an internal error occurred while switching over. Blue/green deployment rolled back.'
  }
  if (failure) return rollback(ctx, d, pairs, failure, trace)
  await sleep(Math.max(0, t.readOnlyMs - (Date.now() - started)))
  // 3. Endpoints move: refuse/hang new connections, drop open ones, rename.
  const production: EndpointProxy[] = []
  const blueCluster = d.kind === 'cluster' ? ctx.state.clusters.get(d.source) : undefined
  const greenCluster = d.kind === 'cluster' ? ctx.state.clusters.get(d.target) : undefined
  if (blueCluster) production.push(blueCluster.writerProxy, blueCluster.readerProxy)
  for (const { blue } of pairs) production.push(blue.proxy)
  if (t.unavailableMs > 0) for (const p of production) await p.setMode(t.unavailableMode)
  // With no unavailable window the endpoints still drop open connections when re-pointed below.
  trace.endpointsClosedAt = Date.now()
  const renames = new Map<string, string>()
  for (const { blue, green } of pairs) {
    const original = blue.id
    const oldName = freeName(ctx, original, false)
    const prod = blue.proxy
    const greenEndpoint = green.proxy
    blue.proxy = await endpointFor(blue.server)
    prod.retarget({ host: '127.0.0.1', port: green.server.port })
    green.proxy = prod
    await greenEndpoint.close()
    ctx.state.instances.delete(blue.id)
    ctx.state.instances.delete(green.id)
    renames.set(blue.id, oldName).set(green.id, original)
    blue.id = oldName
    green.id = original
    blue.oldBlue = true
    ctx.state.instances.set(blue.id, blue)
    ctx.state.instances.set(green.id, green)
  }
  if (blueCluster && greenCluster) await swapClusters(ctx, blueCluster, greenCluster, renames)
  for (const m of d.details) {
    m.source = renames.get(m.source) ?? m.source
    m.target = renames.get(m.target) ?? m.target
  }
  d.source = renames.get(d.source) ?? d.source
  d.target = renames.get(d.target) ?? d.target
  // 4. Green is promoted: replication from blue ends, writes allowed.
  const newWriter = pairs.find((p) => p.green.isWriter)?.green ?? pairs[0]!.green
  for (const { green } of pairs) {
    await green.server.query('STOP SLAVE; RESET SLAVE ALL')
    delete green.replicaOf
    delete green.statusInfo
  }
  for (const { green } of pairs) {
    if (green !== newWriter && green.clusterId) {
      // Aurora readers follow the new writer.
      const [pos] = await newWriter.server.query<{ File: string; Position: number }>('SHOW MASTER STATUS')
      if (pos) await startReplication(ctx, green, newWriter, { file: pos.File, position: Number(pos.Position) })
    }
    await setReadOnly(green, Boolean(settingsFor(ctx, green).readOnly))
  }
  ctx.state.event('blue-green-deployment', d.id, 'Switchover in post-processing.', ['notification'])
  await sleep(Math.max(0, t.unavailableMs))
  for (const p of production) await p.setMode('open')
  trace.endpointsOpenedAt = Date.now()
  await writeTopology(ctx, d, 'SWITCHOVER_IN_POST_PROCESSING')
  for (const m of d.details) {
    const label = m.kind === 'cluster' ? 'DB cluster' : 'DB instance'
    ctx.state.event('blue-green-deployment', d.id, `Switchover from ${label} ${m.source} to ${m.target} was completed.`, ['notification'])
  }
  await sleep(t.postProcessingMs)
  await writeTopology(ctx, d, 'SWITCHOVER_COMPLETED')
  ctx.state.event('blue-green-deployment', d.id, 'Switchover completed on blue/green deployment.', ['notification'])
  for (const m of d.details) m.status = 'SWITCHOVER_COMPLETED'
  d.status = 'SWITCHOVER_COMPLETED'
  trace.completedAt = Date.now()
}

/** Clusters swap names and endpoints; members follow their renamed instances. */
async function swapClusters(ctx: Context, blue: Cluster, green: Cluster, renames: Map<string, string>): Promise<void> {
  const original = blue.id
  const oldName = freeName(ctx, original, true)
  const prodWriter = blue.writerProxy
  const prodReader = blue.readerProxy
  const fresh = await clusterEndpoints()
  await green.writerProxy.close()
  await green.readerProxy.close()
  blue.writerProxy = fresh.writer
  blue.readerProxy = fresh.reader
  green.writerProxy = prodWriter
  green.readerProxy = prodReader
  ctx.state.clusters.delete(blue.id)
  ctx.state.clusters.delete(green.id)
  renames.set(blue.id, oldName).set(green.id, original)
  blue.id = oldName
  green.id = original
  ctx.state.clusters.set(blue.id, blue)
  ctx.state.clusters.set(green.id, green)
  for (const c of [blue, green]) {
    c.members = c.members.map((m) => renames.get(m) ?? m)
    for (const m of c.members) {
      const i = ctx.state.instances.get(m)
      if (i) i.clusterId = c.id
    }
    retargetClusterEndpoints(ctx, c)
  }
}

async function rollback(ctx: Context, d: Deployment, pairs: Pair[], reason: string, trace: SwitchoverTrace): Promise<void> {
  for (const { blue } of pairs) await setReadOnly(blue, Boolean(settingsFor(ctx, blue).readOnly)).catch(() => undefined)
  await writeTopology(ctx, d, 'AVAILABLE')
  ctx.state.event('blue-green-deployment', d.id, `Switchover canceled on blue/green deployment: ${reason}`, ['failure'])
  for (const m of d.details) m.status = 'AVAILABLE'
  d.statusDetails = reason
  d.status = 'SWITCHOVER_FAILED'
  trace.failedAt = Date.now()
}
