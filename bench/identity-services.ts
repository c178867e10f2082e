// How much the identity side adds to a sandbox: start and close time of OIDC + STS +
// Secrets Manager + GitHub, and per-call latency of the OIDC exchange path through the
// real clients. Run: npx tsx bench/identity-services.ts (writes bench/results/identity-services.json)
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { DEPLOY_ROLE, startIdentityServices } from '../sandbox/identity/index.js'

const ROUNDS = 200

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function timed(fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  return samples.sort((a, b) => a - b)
}

function summary(samples: number[]) {
  const round = (n: number) => Math.round(n * 100) / 100
  return { p50Ms: round(percentile(samples, 50)), p95Ms: round(percentile(samples, 95)), maxMs: round(samples.at(-1)!) }
}

const startedAt = performance.now()
const services = await startIdentityServices()
const startMs = performance.now() - startedAt
const { env } = services
services.secrets.store.put('db', { username: 'app', password: 'x' })

const root = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
const sts = new STSClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_STS, credentials: root })
const secrets = new SecretsManagerClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER, credentials: root })

const idToken = async () => {
  const response = await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sts.amazonaws.com`, {
    headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
  })
  return ((await response.json()) as { value: string }).value
}
const token = await idToken()

const results = {
  rounds: ROUNDS,
  startMs: Math.round(startMs),
  oidcToken: summary(await timed(idToken)),
  assumeRoleWithWebIdentity: summary(
    await timed(() =>
      sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::123456789012:role/${DEPLOY_ROLE}`, RoleSessionName: 'bench', WebIdentityToken: token })),
    ),
  ),
  getCallerIdentity: summary(await timed(() => sts.send(new GetCallerIdentityCommand({})))),
  getSecretValue: summary(await timed(() => secrets.send(new GetSecretValueCommand({ SecretId: 'db' })))),
  closeMs: 0,
  node: process.version,
}
sts.destroy()
secrets.destroy()
const closingAt = performance.now()
await services.close()
results.closeMs = Math.round(performance.now() - closingAt)

const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'identity-services.json')
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
console.log(JSON.stringify(results, null, 2))
console.log(`written to ${out}`)
