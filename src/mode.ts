// The five stages of a Blue/Green Deployment this action runs, one per `mode` input. Every
// layer names them (inputs, findings, reports, IAM policies, the docs), so they live here,
// below all of them, in the order a deployment goes through them.
export const MODES = ['prepare', 'create', 'verify', 'switchover', 'cleanup'] as const

export type Mode = (typeof MODES)[number]
