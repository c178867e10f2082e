// Benchmark: how long the sandbox takes to start, run a whole blue/green lifecycle with the
// default timings (create to AVAILABLE, switchover, delete), and stop; and how the green copy
// (mariadb-dump --single-transaction --master-data piped into the green server) scales with
// data. Prints the figures and saves them to bench/results/sandbox-lifecycle.json.
// Run: npx tsx bench/sandbox-lifecycle.ts
import { mkdirSync, writeFileSync } from 'node:fs'
import {
  CreateBlueGreenDeploymentCommand,
  DeleteBlueGreenDeploymentCommand,
  DescribeBlueGreenDeploymentsCommand,
  RDSClient,
  SwitchoverBlueGreenDeploymentCommand,
} from '@aws-sdk/client-rds'
import { Sandbox } from '../sandbox/index.js'

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<void> {
  while (!done(await read())) await new Promise((r) => setTimeout(r, 50))
}

async function lifecycle(rows: number): Promise<Record<string, number>> {
  const t0 = performance.now()
  const sandbox = await Sandbox.start({ instance: { id: 'bench' } })
  const started = performance.now()
  if (rows > 0) {
    await sandbox.server('bench').query('CREATE TABLE app.filler (id INT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(200))')
    for (let done = 0; done < rows; done += 10_000) {
      const n = Math.min(10_000, rows - done)
      await sandbox.server('bench').query(`INSERT INTO app.filler (payload) SELECT REPEAT('x', 200) FROM app.seq_1_to_${n}`)
    }
  }
  const loaded = performance.now()
  const rds = new RDSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: { accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY! } })
  const describe = async (id: string) =>
    (await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }))).BlueGreenDeployments![0]!
  const created = await rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'bench', Source: sandbox.state.arn('db', 'bench') }))
  const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!
  await until(() => describe(id), (d) => d.Status === 'AVAILABLE')
  const available = performance.now()
  await rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))
  await until(() => describe(id), (d) => d.Status === 'SWITCHOVER_COMPLETED')
  const switched = performance.now()
  await rds.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))
  await sandbox.idle()
  const deleted = performance.now()
  await sandbox.stop()
  const stopped = performance.now()
  return {
    rows,
    startMs: Math.round(started - t0),
    createToAvailableMs: Math.round(available - loaded),
    switchoverMs: Math.round(switched - available),
    deleteMs: Math.round(deleted - switched),
    stopMs: Math.round(stopped - deleted),
    lifecycleMs: Math.round(stopped - t0 - (loaded - started)),
  }
}

const runs = []
for (const rows of [0, 100_000]) {
  const figures = await lifecycle(rows)
  console.log(JSON.stringify(figures))
  runs.push(figures)
}
mkdirSync('bench/results', { recursive: true })
writeFileSync('bench/results/sandbox-lifecycle.json', JSON.stringify({ date: new Date().toISOString(),
  note: 'default timings (taskMs 300: 4 tasks >= 1.2 s; switchover read-only 500 + unavailable 500 + post 300 ms)', runs }, null, 2) + '\n')
