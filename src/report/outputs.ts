// The step outputs the action declares, once: action.yml's `outputs:` is generated from
// this list (`npm run docs`). Modes set them through ReportBuilder.output(), which accepts
// only these names.
export const OUTPUTS = {
  verdict: { description: "ok or failed, the stage's overall verdict." },
  'report-path': { description: 'Path of the JSON report (upload it as an artifact).' },
  'comment-url': { description: 'URL of the pull-request comment, when one was posted.' },
  'deployment-id': { description: 'The Blue/Green Deployment identifier (bgd-...).' },
  status: { description: "The deployment's status at the end of the stage (e.g. AVAILABLE, SWITCHOVER_COMPLETED)." },
  'green-endpoint': { description: "host:port of green's writer endpoint (instance endpoint, or Aurora cluster endpoint)." },
  'green-identifiers': { description: "Comma-separated identifiers of green's instances or cluster." },
  ready: { description: 'verify: true when green is ready to switch over.' },
  'replica-lag-ms': { description: 'verify: time for the marker row to reach green, in milliseconds.' },
  'write-downtime-ms': { description: 'switchover: longest time writes through the endpoint failed, in milliseconds (at probe resolution).' },
  'read-downtime-ms': { description: 'switchover: longest time reads through the endpoint failed, in milliseconds (at probe resolution).' },
  'lost-writes': { description: 'switchover: acknowledged write probes missing on the new primary (any loss fails the step).' },
  'probe-log-path': { description: 'switchover: path of the NDJSON probe log.' },
} as const satisfies Record<string, { description: string }>

export type OutputName = keyof typeof OUTPUTS

export const OUTPUT_NAMES = Object.keys(OUTPUTS) as OutputName[]

export function isOutputName(name: string): name is OutputName {
  return name in OUTPUTS
}
