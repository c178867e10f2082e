// Modes fill a ReportBuilder (ModeContext.report) and return build(): they never format
// output themselves. The verdict defaults to "no error finding".
import type { OutputName } from './outputs.js'
import type { Finding, Level } from '../findings/finding.js'
import type { Mode } from '../mode.js'
import type { ActionRecord, Metric, Report, ReportSection, TimelineEvent } from './types.js'

export class ReportBuilder {
  private readonly findingsList: Finding[] = []
  private readonly metricsList: Metric[] = []
  private readonly timelineList: TimelineEvent[] = []
  private readonly sectionsList: ReportSection[] = []
  private readonly actionsList: ActionRecord[] = []
  private readonly outputValues: Record<string, string> = {}
  private verdictValue: { ok: boolean; headline: string } | undefined
  private readonly startedAt: number
  source: string

  constructor(
    readonly mode: Mode,
    source: string,
    readonly dryRun: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.source = source
    this.startedAt = now()
  }

  /** Adds a finding (made by finding(): its code, level and remedy are the catalogue's). */
  finding(finding: Finding): this {
    this.findingsList.push(finding)
    return this
  }

  metric(name: string, value: number, unit: Metric['unit'], label?: string): this {
    this.metricsList.push(label === undefined ? { name, value, unit } : { name, value, unit, label })
    return this
  }

  /** A timeline event at `at` (default now), optionally spanning to `end`. */
  event(label: string, options: { at?: number; end?: number; source?: TimelineEvent['source'] } = {}): this {
    const event: TimelineEvent = { at: options.at ?? this.now(), label }
    if (options.end !== undefined) event.end = options.end
    if (options.source !== undefined) event.source = options.source
    this.timelineList.push(event)
    return this
  }

  /** A block of GitHub markdown (a table, a Mermaid chart) shown after the findings, or before them with `lead`. */
  section(title: string, markdown: string, options: { lead?: boolean } = {}): this {
    this.sectionsList.push(options.lead ? { title, markdown, lead: true } : { title, markdown })
    return this
  }

  /** A step output (and a field of the JSON report). */
  output(name: OutputName, value: string | number | boolean): this {
    this.outputValues[name] = String(value)
    return this
  }

  /** Records a change made or planned; ModeContext.act calls this. */
  action(record: ActionRecord): this {
    this.actionsList.push(record)
    return this
  }

  /** Sets the verdict explicitly; otherwise build() derives it from the findings. */
  verdict(ok: boolean, headline: string): this {
    this.verdictValue = { ok, headline }
    return this
  }

  count(level: Level): number {
    return this.findingsList.filter((f) => f.level === level).length
  }

  build(): Report {
    const errors = this.count('error')
    const warnings = this.count('warning')
    const verdict = this.verdictValue ?? {
      ok: errors === 0,
      headline:
        errors > 0
          ? `${this.mode}: ${errors} blocking finding${errors === 1 ? '' : 's'}`
          : `${this.mode}: done${warnings > 0 ? ` with ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`,
    }
    return {
      mode: this.mode,
      source: this.source,
      verdict,
      // Blocking findings first, then warnings, then context; stable within a level.
      findings: [...this.findingsList].sort((a, b) => rank(a.level) - rank(b.level)),
      metrics: [...this.metricsList],
      timeline: [...this.timelineList].sort((a, b) => a.at - b.at),
      sections: [...this.sectionsList],
      outputs: { ...this.outputValues },
      startedAt: this.startedAt,
      finishedAt: this.now(),
      dryRun: this.dryRun,
      actions: [...this.actionsList],
    }
  }
}

function rank(level: Level): number {
  return level === 'error' ? 0 : level === 'warning' ? 1 : 2
}
