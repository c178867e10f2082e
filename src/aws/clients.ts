// One place that builds AWS SDK clients, so every client of a run (RDS, Secrets Manager,
// STS, ...) shares the region, the credentials and the retry policy.
//
// Throttling: RDS answers bursts with `Throttling` (HTTP 400). We rely on the SDK's own
// standard retry strategy rather than a wrapper of ours: it already classifies throttling
// and transient errors (Throttling, RequestLimitExceeded, 5xx, timeouts, connection
// resets) per service, backs off exponentially with full jitter (throttling from a larger
// base), and applies to every client and every call, including the ones made inside the
// credential providers. We only raise its attempts (retry-max-attempts, default 10, vs
// the SDK's 3) because a Blue/Green run polls for many minutes and must outlive a burst.
import { RDSClient } from '@aws-sdk/client-rds'
import type { AwsCredentialIdentityProvider } from '@smithy/types'

export interface AwsClientConfig {
  region: string
  /** Undefined: the SDK's default provider chain (env, shared config, web identity, IMDS, ...). */
  credentials?: AwsCredentialIdentityProvider
  maxAttempts: number
  retryMode: 'standard'
  customUserAgent: string
}

export interface AwsClients {
  readonly config: AwsClientConfig
  readonly rds: RDSClient
  /** Builds any other SDK v3 client with the same region, credentials and retries. */
  create<C extends { destroy(): void }>(Client: new (config: AwsClientConfig) => C): C
  /** Closes every client made here (their keep-alive sockets would hold the process open). */
  destroy(): void
}

export const USER_AGENT = 'rds-blue-green'

export function createAwsClients(options: {
  region: string
  credentials?: AwsCredentialIdentityProvider
  maxAttempts: number
}): AwsClients {
  const config: AwsClientConfig = {
    region: options.region,
    maxAttempts: options.maxAttempts,
    retryMode: 'standard',
    customUserAgent: USER_AGENT,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  }
  let rds: RDSClient | undefined
  const made: { destroy(): void }[] = []
  return {
    config,
    get rds() {
      if (!rds) {
        rds = new RDSClient(config)
        made.push(rds)
      }
      return rds
    },
    create(Client) {
      const client = new Client(config)
      made.push(client)
      return client
    },
    destroy() {
      for (const client of made.splice(0)) client.destroy()
      rds = undefined
    },
  }
}
