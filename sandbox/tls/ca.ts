// The sandbox's certificate authority, made at start with the openssl CLI (present wherever
// MariaDB/MySQL is, and on GitHub runners; no npm dependency, and OpenSSL is what the servers
// themselves link, so what it writes they load). One EC P-256 CA and one server certificate
// whose SAN names every address our endpoints use (IP:127.0.0.1, IP:127.0.0.2, DNS:localhost),
// so a client that verifies the server against SANDBOX_DB_CA succeeds for real.
import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { TlsFiles } from '../servers/database-server.js'

const run = promisify(execFile)

export async function createCertificateAuthority(dir: string): Promise<TlsFiles> {
  mkdirSync(dir, { recursive: true })
  const ca = join(dir, 'ca.pem')
  const caKey = join(dir, 'ca-key.pem')
  const key = join(dir, 'server-key.pem')
  const csr = join(dir, 'server.csr')
  const cert = join(dir, 'server-cert.pem')
  const ext = join(dir, 'server.ext')
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  await run('openssl', ['req', '-x509', ...ec, '-keyout', caKey, '-out', ca, '-days', '30',
    '-subj', '/CN=rds-blue-green sandbox CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
  await run('openssl', ['req', ...ec, '-keyout', key, '-out', csr, '-subj', '/CN=localhost'])
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,IP:127.0.0.2,DNS:localhost\nbasicConstraints=CA:FALSE\n' +
    'keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n')
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial',
    '-out', cert, '-days', '30', '-extfile', ext])
  return { ca, cert, key }
}
