// RDS errors as the service returns them. A modeled fault is named by its exception name
// (DBInstanceNotFoundFault) and its wire code and HTTP status come from the SDK's schema
// (DBInstanceNotFound, 404), because the wire code often drops "Fault" and a guessed code
// would parse as a generic error. Common errors (InvalidParameterValue, Throttling, ...) are
// not in the model and carry their own code.
import { modeledError } from './schema.js'

const COMMON: Record<string, number> = {
  InvalidParameterValue: 400,
  InvalidParameterCombination: 400,
  MissingParameter: 400,
  InvalidAction: 400,
  Throttling: 400,
  AccessDenied: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  ExpiredToken: 403,
  IncompleteSignature: 400,
  MissingAuthenticationToken: 403,
  InternalFailure: 500,
}

export class RdsError extends Error {
  readonly code: string
  readonly status: number

  /** `name` is a modeled exception name (e.g. 'DBInstanceNotFoundFault') or a common error code. */
  constructor(name: string, message: string) {
    super(message)
    const modeled = modeledError(name)
    const common = COMMON[name]
    if (!modeled && common === undefined) throw new Error(`sandbox bug: unknown RDS error name ${name}`)
    this.name = name
    this.code = modeled?.code ?? name
    this.status = modeled?.status ?? common ?? 400
  }
}

export const notFound = {
  instance: (id: string) => new RdsError('DBInstanceNotFoundFault', `DBInstance ${id} not found.`),
  cluster: (id: string) => new RdsError('DBClusterNotFoundFault', `DBCluster ${id} not found.`),
  parameterGroup: (name: string) =>
    new RdsError('DBParameterGroupNotFoundFault', `DBParameterGroup not found: ${name}`),
  clusterParameterGroup: (name: string) =>
    new RdsError('DBClusterParameterGroupNotFoundFault', `DBClusterParameterGroup not found: ${name}`),
  deployment: (id: string) =>
    new RdsError('BlueGreenDeploymentNotFoundFault', `BlueGreenDeployment ${id} not found.`),
  snapshot: (id: string) => new RdsError('DBSnapshotNotFoundFault', `DBSnapshot ${id} not found.`),
}

export function invalidParameter(message: string): RdsError {
  return new RdsError('InvalidParameterValue', message)
}

export function missingParameter(name: string): RdsError {
  return new RdsError('MissingParameter', `The request must contain the parameter ${name}`)
}
