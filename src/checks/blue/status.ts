// RDS creates a deployment only from an available source (and available members).
import type { Database } from '../../rds/database.js'
import { finding, type Finding } from '../../findings/finding.js'

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
      code: 'SOURCE_NOT_AVAILABLE',
      subject: db.identifier,
      message: `${busy.join('; ')}: RDS creates a Blue/Green Deployment only from an available source.`,
    }),
  ]
}
