// The step outputs the action declares (action.yml `outputs:`; a test holds the two lists
// together). Modes set them through ReportBuilder.output(), which accepts only these names.
export const OUTPUT_NAMES = [
  'verdict',
  'report-path',
  'comment-url',
  'deployment-id',
  'status',
  'green-endpoint',
  'green-identifiers',
  'ready',
  'replica-lag-ms',
  'write-downtime-ms',
  'read-downtime-ms',
  'lost-writes',
  'probe-log-path',
] as const

export type OutputName = (typeof OUTPUT_NAMES)[number]

export function isOutputName(name: string): name is OutputName {
  return (OUTPUT_NAMES as readonly string[]).includes(name)
}
