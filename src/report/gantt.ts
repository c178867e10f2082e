// What the Mermaid gantt charts of the reports share: the time axis and the names of tasks.
//
// Mermaid draws a gantt axis in the viewer's local time, while every table of the report is
// in UTC. So the charts count seconds from their start instead: times are given as
// milliseconds from the chart's origin (dateFormat x), and the axis prints seconds since
// that epoch (`%s`, which no time zone shifts). The title names the origin in UTC, so a
// point on the chart can be found in the timeline table. The tick interval is chosen from
// the span so that about 4 to 10 ticks show and no two carry the same label.
const TICKS: readonly { seconds: number; mermaid: string }[] = [
  { seconds: 1, mermaid: '1second' },
  { seconds: 2, mermaid: '2second' },
  { seconds: 5, mermaid: '5second' },
  { seconds: 10, mermaid: '10second' },
  { seconds: 15, mermaid: '15second' },
  { seconds: 30, mermaid: '30second' },
  { seconds: 60, mermaid: '1minute' },
  { seconds: 120, mermaid: '2minute' },
  { seconds: 300, mermaid: '5minute' },
  { seconds: 600, mermaid: '10minute' },
  { seconds: 900, mermaid: '15minute' },
  { seconds: 1800, mermaid: '30minute' },
  { seconds: 3600, mermaid: '1hour' },
]

/** The smallest interval that gives at most 10 ticks over `spanMs`. */
export function tickInterval(spanMs: number): { seconds: number; mermaid: string } {
  return TICKS.find((t) => spanMs / 1000 / t.seconds <= 10) ?? (TICKS[TICKS.length - 1] as { seconds: number; mermaid: string })
}

/** Mermaid task and title text must not contain `:` `;` `#`; kept short. */
export function ganttLabel(text: string): string {
  return text.replace(/[^A-Za-z0-9 _.,()/+>-]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60)
}

export interface GanttAxis {
  /** Epoch ms of the chart's second 0. */
  origin: number
  /** A time on this axis (ms from the origin), as a task's start or end. */
  at(ms: number): number
  /** The chart's first lines: type, title with the origin in UTC, date format, axis, ticks. */
  header(title: string): string[]
}

export function ganttAxis(origin: number, end: number): GanttAxis {
  const tick = tickInterval(Math.max(1, end - origin))
  const utc = new Date(origin).toISOString().slice(11, 19)
  return {
    origin,
    at: (ms) => Math.max(0, Math.round(ms - origin)),
    header: (title) => [
      'gantt',
      // A title runs to the end of its line; only `#` and `;` end it early.
      `    title ${title.replace(/[#;\r\n]/g, ' ').trim()} (seconds after ${utc} UTC)`,
      '    dateFormat x',
      '    axisFormat %s',
      `    tickInterval ${tick.mermaid}`,
      '    todayMarker off',
    ],
  }
}
