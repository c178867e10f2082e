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

/**
 * GitHub draws Mermaid with its light or dark theme, and the gantt themes put some labels
 * where they cannot be read: text that does not fit a short bar is drawn beside it in the
 * bar's text colour (white on white in light mode, near-black on GitHub's dark background).
 * So the charts bring their own colours ('base' is the theme Mermaid lets a diagram
 * change), chosen to read on both backgrounds: black text on light bars, and text outside
 * the bars, the axis and the titles in a middle grey, 3.9:1 against white and 4.8:1 against
 * GitHub's dark background. Only plain, `done` and `crit` bars are used (Mermaid's `active`
 * text ignores the outside colour).
 */
export const GANTT_INIT = `%%{init: ${JSON.stringify({
  theme: 'base',
  themeVariables: {
    fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif',
    textColor: '#808080',
    titleColor: '#808080',
    gridColor: '#808080',
    sectionBkgColor: '#808080',
    sectionBkgColor2: '#808080',
    altSectionBkgColor: '#808080',
    taskBkgColor: '#80ccff',
    taskBorderColor: '#0969da',
    taskTextColor: '#000000',
    taskTextDarkColor: '#000000',
    taskTextLightColor: '#000000',
    taskTextOutsideColor: '#808080',
    doneTaskBkgColor: '#afb8c1',
    doneTaskBorderColor: '#6e7781',
    critBkgColor: '#ff8182',
    critBorderColor: '#cf222e',
    activeTaskBkgColor: '#80ccff',
    activeTaskBorderColor: '#0969da',
  },
})}}%%`

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
      GANTT_INIT,
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
