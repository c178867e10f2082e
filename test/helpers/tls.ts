// A throwaway certificate authority and server certificates (openssl CLI), for TLS tests
// against real database servers.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

export interface TestCa {
  ca: string
  caKey: string
  /** Issues a server certificate for the given subjectAltName entries (e.g. DNS:localhost). */
  issue(name: string, altNames: string[]): { cert: string; key: string; ca: string }
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' })
}

export function createTestCa(dir: string): TestCa {
  const ca = join(dir, 'test-ca.pem')
  const caKey = join(dir, 'test-ca.key')
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', ca, '-days', '2', '-subj', '/CN=rds-blue-green test CA'])
  return {
    ca,
    caKey,
    issue(name, altNames) {
      const key = join(dir, `${name}.key`)
      const csr = join(dir, `${name}.csr`)
      const cert = join(dir, `${name}.pem`)
      const ext = join(dir, `${name}.ext`)
      execFileSync('sh', ['-c', `printf 'subjectAltName=${altNames.join(',')}\\n' > '${ext}'`])
      openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${name}`])
      openssl(['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext])
      return { cert, key, ca }
    },
  }
}
