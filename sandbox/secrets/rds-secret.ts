// The JSON a database credentials secret holds, in the shape the Secrets Manager console
// and RDS integrations write ("Credentials for Amazon RDS database"): what the action's
// `db-secret-arn` input reads. RDS-managed master user secrets (ManageMasterUserPassword)
// hold only username and password: pass `managed: true` for that shape.

export interface RdsCredentials {
  username: string
  password: string
  engine?: string
  host?: string
  port?: number
  dbInstanceIdentifier?: string
  dbClusterIdentifier?: string
}

export function rdsSecretValue(credentials: RdsCredentials, options: { managed?: boolean } = {}): Record<string, unknown> {
  if (options.managed) return { username: credentials.username, password: credentials.password }
  const value: Record<string, unknown> = {
    username: credentials.username,
    password: credentials.password,
    engine: credentials.engine ?? 'mysql',
    host: credentials.host,
    port: credentials.port,
  }
  if (credentials.dbInstanceIdentifier) value.dbInstanceIdentifier = credentials.dbInstanceIdentifier
  if (credentials.dbClusterIdentifier) value.dbClusterIdentifier = credentials.dbClusterIdentifier
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined))
}
