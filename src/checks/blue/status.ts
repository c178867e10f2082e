// RDS creates a deployment only from an available source (and available members).
import { finding } from '../codes.js'
import type { Database } from '../../rds/database.js'
import type { Finding } from '../../report/types.js'

export function checkSourceStatus(db: Database): Finding[] {
  const busy = [
    ...(db.status !== 'available' ? [`${db.identifier} is ${db.status}`] : []),
    ...db.instances
      .filter((i) => db.kind === 'cluster' && i.DBInstanceStatus !== 'available')
      .map((i) => `member ${i.DBInstanceIdentifier} is ${i.DBInstanceStatus}`),
  ]
  if (busy.length === 0) return []
  return [
    finding({
      level: 'error',
      code: 'SOURCE_NOT_AVAILABLE',
      subject: db.identifier,
      message: `${busy.join('; ')}: RDS creates a Blue/Green Deployment only from an available source.`,
      remedy: 'Wait until the source is available (aws rds describe-db-instances / describe-db-clusters) and run this step again.',
    }),
  ]
}
