// The one result every mode produces. It is rendered three ways (job summary, sticky
// pull-request comment, JSON file) by the renderers in this folder, so modes never format
// output themselves: they fill a Report.
import type { Finding } from '../findings/finding.js'
import type { Mode } from '../mode.js'

/** A measured figure, e.g. { name: 'replica-lag', value: 42, unit: 'ms' }. */
export interface Metric {
  name: string
  value: number
  unit: 'ms' | 's' | 'count' | 'bytes' | 'percent'
  label?: string
}

/** Something that happened at a point in time (or over a span, when `end` is set). */
export interface TimelineEvent {
  /** Epoch milliseconds. */
  at: number
  end?: number
  label: string
  /** Where it came from: the action itself, an RDS event, the prober, rds_topology, ... */
  source?: 'action' | 'rds-event' | 'probe' | 'topology'
}

/** A free-form block of the report body (a table, a Mermaid chart) in GitHub markdown. */
export interface ReportSection {
  title: string
  markdown: string
  /** Shown right after the verdict, before the findings (verify's readiness checklist). */
  lead?: boolean
}

/**
 * One change the run made or, in dry-run, would have made: every mutating AWS call and
 * SQL write goes through ModeContext.act, which records it here.
 */
export interface ActionRecord {
  /** Epoch milliseconds. */
  at: number
  /** e.g. `RebootDBInstance {"DBInstanceIdentifier":"db1"}` or `SQL on db1:3306: INSERT ...` */
  description: string
  /** done: it ran and succeeded; failed: it ran and threw; skipped: dry-run, not run. */
  outcome: 'done' | 'failed' | 'skipped'
}

export interface Report {
  mode: Mode
  /** The source (blue) database identifier, as given or resolved. */
  source: string
  /** Overall outcome: `ok` false fails the step (unless the mode was asked only to warn). */
  verdict: { ok: boolean; headline: string }
  findings: Finding[]
  metrics: Metric[]
  timeline: TimelineEvent[]
  sections: ReportSection[]
  /** Values also written as step outputs (names as declared in action.yml). */
  outputs: Record<string, string>
  startedAt: number
  finishedAt: number
  dryRun: boolean
  /** Changes made (or, in dry-run, planned), in order. Optional for older producers. */
  actions?: ActionRecord[]
}
