// The probe log as NDJSON, for upload as an artifact: a header line with the run's
// parameters, one line per probe as it ends (so a run cut short still leaves its probes
// on disk), and an end line. Lines carry a `type` field. Nothing secret is in any line:
// the header is built from ProbeLogHeader, which holds no password, key or TLS material.
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ProbeLog, ProbeLogHeader, ProbeRecord } from './types.js'

export interface ProbeLogWriter {
  write(record: ProbeRecord): void
  /** Writes the end line and closes the file; rejects if any write failed. */
  end(stoppedAt: number): Promise<void>
}

export function openProbeLogWriter(path: string, header: ProbeLogHeader): ProbeLogWriter {
  mkdirSync(dirname(path), { recursive: true })
  const stream = createWriteStream(path, { flags: 'w', encoding: 'utf8' })
  let failure: Error | undefined
  let count = 0
  // A failing disk must not crash the switchover; the failure is reported when the log is closed.
  stream.on('error', (error) => {
    failure ??= error
  })
  stream.write(`${JSON.stringify({ type: 'header', ...header })}\n`)
  return {
    write(record) {
      count++
      stream.write(`${JSON.stringify({ type: 'probe', ...record })}\n`)
    },
    end(stoppedAt) {
      return new Promise((resolve, reject) => {
        stream.end(`${JSON.stringify({ type: 'end', stoppedAt, probes: count })}\n`, () => {
          if (failure) reject(new Error(`Could not write the probe log ${path}: ${failure.message}`))
          else resolve()
        })
        stream.once('error', (error) => reject(new Error(`Could not write the probe log ${path}: ${error.message}`)))
      })
    },
  }
}

/** Reads a probe log back (e.g. to analyse it again). A log without its end line (a run cut short) still reads. */
export function readProbeLog(path: string): ProbeLog {
  let header: ProbeLogHeader | undefined
  let stoppedAt: number | undefined
  const records: ProbeRecord[] = []
  const lines = readFileSync(path, 'utf8').split('\n')
  lines.forEach((line, index) => {
    if (line.trim() === '') return
    let parsed: { type?: unknown } & Record<string, unknown>
    try {
      parsed = JSON.parse(line) as typeof parsed
    } catch {
      throw new Error(`Probe log ${path} line ${index + 1} is not JSON: the file is damaged; re-run or use an intact copy.`)
    }
    const { type, ...rest } = parsed
    if (type === 'header') header = rest as unknown as ProbeLogHeader
    else if (type === 'probe') records.push(rest as unknown as ProbeRecord)
    else if (type === 'end') stoppedAt = Number(rest.stoppedAt)
  })
  if (!header || header.format !== 'rds-blue-green-probe-log') {
    throw new Error(`Probe log ${path} has no rds-blue-green header line: give the NDJSON file the prober wrote.`)
  }
  records.sort((a, b) => a.seq - b.seq)
  const lastEnd = records.reduce((max, r) => Math.max(max, r.endedAt), header.firstScheduledAt)
  return { header, records, stoppedAt: stoppedAt ?? lastEnd }
}
