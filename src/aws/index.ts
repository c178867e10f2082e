export { createAwsClients, type AwsClientConfig, type AwsClients } from './clients.js'
export { AuthenticationError, resolveAwsCredentials, type OidcDeps, type ResolvedCredentials } from './credentials.js'
export { poll, PollTimeoutError, realSleep, type PollCheck, type PollOptions } from './poll.js'
