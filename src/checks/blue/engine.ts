// Engine and version: Blue/Green Deployments of MySQL exist for RDS for MySQL 5.7, 8.0 and
// 8.4 and for Aurora MySQL 2 and 3. Multi-AZ DB clusters (engine mysql in a DB cluster) and
// other engines are outside what this action handles.
import type { Database } from '../../rds/database.js'
import { finding, type Finding } from '../../findings/finding.js'

export function checkEngine(db: Database): Finding[] {
  const what = `${db.engine} ${db.engineVersion}`
  const unsupported = (why: string) => [
    finding({
      code: 'ENGINE_UNSUPPORTED',
      subject: db.identifier,
      message: `${db.identifier} is ${what}: ${why}.`,
    }),
  ]
  if (db.engine === 'mysql') {
    if (db.kind === 'cluster') return unsupported('a Multi-AZ DB cluster, which Blue/Green Deployments do not support')
    const [major, minor] = db.engineVersion.split('.').map(Number)
    if (major === undefined || minor === undefined || Number.isNaN(major) || major * 100 + minor < 507) {
      return unsupported('Blue/Green Deployments need RDS for MySQL 5.7 or later')
    }
    return []
  }
  if (db.engine === 'aurora-mysql') {
    const major = Number(/mysql_aurora\.(\d+)\./.exec(db.engineVersion)?.[1])
    if (!(major >= 2)) return unsupported('Blue/Green Deployments need Aurora MySQL version 2 or 3')
    return []
  }
  return unsupported('this action handles RDS for MySQL and Aurora MySQL only')
}
