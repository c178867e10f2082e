// Every finding code the switchover mode reports, with its level and a one-line meaning:
// the mode's own codes, the blue-side gate check of this workstream (DDL and metadata locks),
// and the prober's codes (src/probe), which appear in the switchover report. This is the
// single list the finding-code reference is generated from; the gate's other codes come
// from verify's list (src/checks/green/codes.ts) and prepare's (src/checks/codes.ts:
// LONG_RUNNING_TRANSACTION), reported at error level in the gate.
import type { Finding, Level } from '../../report/types.js'

export interface CodeSpec {
  level: Level | 'varies'
  meaning: string
}

export const SWITCHOVER_FINDING_CODES = {
  // ---------------------------------------------------------------- finding the deployment
  SOURCE_NOT_FOUND: { level: 'error', meaning: 'No DB instance or Aurora DB cluster has the source name.' },
  DEPLOYMENT_NOT_FOUND: { level: 'error', meaning: 'No Blue/Green Deployment belongs to the source (or the one named by deployment).' },
  DEPLOYMENT_NOT_SWITCHABLE: { level: 'error', meaning: 'The deployment is PROVISIONING, INVALID_CONFIGURATION or DELETING: there is nothing to switch over.' },
  // ---------------------------------------------------------------- the gate
  DDL_RUNNING_ON_BLUE: { level: 'error', meaning: 'A schema change (ALTER, CREATE, DROP, RENAME, TRUNCATE, OPTIMIZE...) is running on blue; the switchover would wait for it or time out.' },
  METADATA_LOCK_WAIT_ON_BLUE: { level: 'error', meaning: 'Sessions on blue wait for a metadata lock: a schema change is queued behind open transactions.' },
  BLUE_ACTIVITY_UNVERIFIED: { level: 'warning', meaning: 'The database user lacks PROCESS, so other sessions (their DDL and transactions) on blue cannot be seen.' },
  GATE_DB_UNREACHABLE: { level: 'error', meaning: 'The gate could not connect to blue to check its sessions.' },
  GATE_OVERRIDDEN: { level: 'warning', meaning: 'force: true switched over although the gate found blocking problems (listed as warnings).' },
  PROBE_BASELINE_FAILED: { level: 'error', meaning: 'Before the switchover the prober could not connect, read and write through the endpoint: the measurement would be meaningless, so nothing was switched.' },
  // ---------------------------------------------------------------- the switchover
  SWITCHOVER_REFUSED_BY_RDS: { level: 'error', meaning: 'RDS refused SwitchoverBlueGreenDeployment (e.g. "Correct the replication errors and then switch over."); nothing changed.' },
  SWITCHOVER_COMPLETED: { level: 'info', meaning: 'RDS reported SWITCHOVER_COMPLETED; how long it took and when the action noticed.' },
  SWITCHOVER_FAILED: { level: 'error', meaning: 'RDS reported SWITCHOVER_FAILED (or rolled back to AVAILABLE): blue keeps serving; StatusDetails says why.' },
  SWITCHOVER_TIMED_OUT: { level: 'error', meaning: 'The switchover did not finish within switchover-timeout and RDS rolled it back: blue keeps serving.' },
  SWITCHOVER_STILL_IN_PROGRESS: { level: 'error', meaning: 'RDS still reported SWITCHOVER_IN_PROGRESS well past switchover-timeout; the action stopped waiting.' },
  SWITCHOVER_ALREADY_COMPLETED: { level: 'info', meaning: 'The deployment had already switched over: the run reports the current state and changes nothing.' },
  SWITCHOVER_FOLLOWED: { level: 'warning', meaning: 'A switchover was already in progress when the run started: it was followed to its end, but its interruption was not measured.' },
  TOPOLOGY_NOT_AVAILABLE: { level: 'info', meaning: 'mysql.rds_topology cannot be read on this engine (Aurora MySQL before 3.07, or no SELECT on it): the in-database phases are not in the timeline.' },
  // ---------------------------------------------------------------- after it
  NEW_PRIMARY_CONFIRMED: { level: 'info', meaning: 'The endpoint now reaches the former green (resource id and server identity) and it took a write.' },
  NEW_PRIMARY_NOT_GREEN: { level: 'error', meaning: 'After SWITCHOVER_COMPLETED the endpoint does not reach the former green.' },
  NEW_PRIMARY_NOT_WRITABLE: { level: 'error', meaning: 'After SWITCHOVER_COMPLETED the endpoint refused a write (read_only, or unreachable).' },
  OLD_BLUE_READ_ONLY: { level: 'info', meaning: 'The old blue serves under its new name (<name>-old1) and is read-only, as RDS leaves it.' },
  OLD_BLUE_WRITABLE: { level: 'warning', meaning: 'The old blue accepts writes (read_only is off): applications still pointing at it would diverge from production.' },
  OLD_BLUE_UNCHECKED: { level: 'warning', meaning: 'The old blue could not be reached to confirm it is read-only.' },
  BLUE_STILL_SERVING: { level: 'info', meaning: 'After a failed switchover the endpoint still reaches blue and blue took a write.' },
  BLUE_NOT_SERVING: { level: 'error', meaning: 'After a failed switchover blue did not take a write through the endpoint (or the endpoint reaches another server).' },
  LOST_WRITES_UNCHECKED: { level: 'error', meaning: 'The acknowledged probe writes could not be looked up on the primary, so no loss can be ruled out.' },
  // ---------------------------------------------------------------- the prober (src/probe)
  PROBE_INTERRUPTION: { level: 'info', meaning: 'What the probes saw: write and read downtime, failed probes by kind.' },
  PROBE_NO_PROBES: { level: 'warning', meaning: 'The prober ran no probe: the interruption was not measured.' },
  PROBE_WRITES_NOT_RECOVERED: { level: 'error', meaning: 'Writes through the endpoint were still failing when probing stopped.' },
  PROBE_READS_NOT_RECOVERED: { level: 'error', meaning: 'Connections through the endpoint were still failing when probing stopped.' },
  PROBE_UNEXPECTED_ERRORS: { level: 'warning', meaning: 'Probes failed with errors other than read-only, refused or timeout (e.g. 1045 access denied on the new server).' },
  PROBE_READ_ONLY_WINDOW: { level: 'info', meaning: 'How long the endpoint refused writes with 1290/1836 (the read-only window seed 000 needed a notice for).' },
  PROBE_ENDPOINT_MOVED: { level: 'info', meaning: 'When the endpoint started answering from the new server (last old answer, first new one).' },
  PROBE_DNS_CHANGED: { level: 'info', meaning: "When the endpoint name's DNS answer changed." },
  PROBE_SCHEDULE_LATE: { level: 'warning', meaning: 'Probes started later than one interval behind schedule: the figures are coarser than the interval.' },
  PROBE_LOST_WRITES: { level: 'error', meaning: 'Acknowledged probe writes are missing on the new primary: the lost-writes output is above 0 and the step fails.' },
  PROBE_NO_LOST_WRITES: { level: 'info', meaning: 'Every acknowledged probe write is present on the primary.' },
  // ---------------------------------------------------------------- the downtime budget
  WRITE_DOWNTIME_OVER_BUDGET: { level: 'warning', meaning: 'Writes through the endpoint failed longer than max-write-downtime (with fail-on: warning the step fails).' },
  READ_DOWNTIME_OVER_BUDGET: { level: 'warning', meaning: 'Reads through the endpoint failed longer than max-read-downtime (with fail-on: warning the step fails).' },
} as const satisfies Record<string, CodeSpec>

export type SwitchoverCode = keyof typeof SWITCHOVER_FINDING_CODES

/** A finding whose level comes from the list. Errors and warnings need a remedy. */
export function switchoverFinding(code: SwitchoverCode, subject: string, message: string, remedy?: string): Finding {
  const spec: CodeSpec = SWITCHOVER_FINDING_CODES[code]
  const level: Level = spec.level === 'varies' ? 'warning' : spec.level
  return { level, code, subject, message, ...(remedy ? { remedy } : {}) }
}
