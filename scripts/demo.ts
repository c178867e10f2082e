// `npm run demo`: the whole Blue/Green Deployment of a sample application database on the
// local sandbox, stage by stage, as a GitHub runner would run the action (see
// scripts/demo/run-demo.ts). Prints each stage's summary and where its reports are
// (./demo-output, or DEMO_OUTPUT), ends with the switchover's interruption figures, and
// removes the sandbox on success, on failure and on Ctrl-C.
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { DIST_ENTRY } from '../sandbox/runner.js'
import { type DemoResult, runDemo } from './demo/run-demo.js'

const outputDir = process.env.DEMO_OUTPUT ?? join(process.cwd(), 'demo-output')
const color = process.stdout.isTTY === true && !process.env.NO_COLOR
const bold = (t: string) => (color ? `\u001b[1m${t}\u001b[22m` : t)
const print = (text: string) => process.stdout.write(`${text}\n`)

if (!existsSync(DIST_ENTRY)) {
  console.error(`demo: ${relative(process.cwd(), DIST_ENTRY)} is missing: run 'npm run bundle' first (or 'bash scripts/setup.sh').`)
  process.exit(1)
}

const controller = new AbortController()
let interrupts = 0
const onSignal = (name: string) => {
  interrupts++
  if (interrupts > 1) {
    // The workspace's reaper removes the servers of a process that is gone.
    console.error('demo: stopping now')
    process.exit(130)
  }
  console.error(`\ndemo: ${name}: stopping the running stage and the sandbox (again to quit at once)`)
  controller.abort()
}
process.on('SIGINT', () => onSignal('SIGINT'))
process.on('SIGTERM', () => onSignal('SIGTERM'))

function finalReport(result: DemoResult): void {
  const switchover = result.stages.find((s) => s.stage === 'switchover')
  if (switchover && switchover.exitCode === 0) {
    const o = switchover.outputs
    print(bold('Switchover interruption') + ' (measured by the action\'s prober through the production endpoint, every 100 ms)')
    print(`  writes failed for ${o['write-downtime-ms'] ?? '?'} ms, reads for ${o['read-downtime-ms'] ?? '?'} ms; lost writes: ${bold(o['lost-writes'] ?? '?')}`)
  }
  if (result.load) {
    const l = result.load
    const kinds = Object.entries(l.failures).map(([k, n]) => `${k === '1290' ? 'read-only (1290)' : k} x${n}`).join(', ')
    print(bold('The application') + ` (one writer through the same endpoint, a new connection after each drop):`)
    print(`  ${l.acknowledged} orders acknowledged, ${l.failed} failed${kinds ? ` (${kinds})` : ''}; longest gap between acknowledged writes ${l.longestGapMs} ms`)
    print(`  acknowledged orders missing on the new primary: ${bold(String(l.lost))}`)
  }
}

let result: DemoResult | undefined
try {
  result = await runDemo({ outputDir, print, color, columns: process.stdout.columns ?? 100, signal: controller.signal })
} catch (error) {
  const message = controller.signal.aborted ? 'interrupted; the sandbox was stopped and removed' : (error as Error).stack ?? String(error)
  console.error(`demo: ${message}`)
  process.exit(controller.signal.aborted ? 130 : 1)
}

finalReport(result)
print(`\nReports of every stage: ${relative(process.cwd(), outputDir) || '.'}/ (summary.md, report.json, outputs.json, log.txt)`)
print(`Wall time: ${(result.wallMs / 1000).toFixed(1)} s; the sandbox was stopped and removed.`)
if (result.failed) {
  const { stage, errors } = result.failed
  console.error(`\ndemo: the ${stage} stage failed: ${errors.join('; ')}. Its report and log: ${relative(process.cwd(), join(outputDir))}/`)
  process.exit(1)
}
process.exit(0)
