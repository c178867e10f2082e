// The RDS client's own Smithy schemas (exported by @aws-sdk/client-rds) are the ground truth
// for the wire: member names, list item names (`member` vs `DBInstance`, `Parameter`, ...),
// and every modeled error's query code and HTTP status. Reading them here means our XML
// and our request parsing cannot drift from what the SDK expects.
import * as rds from '@aws-sdk/client-rds'
import { NormalizedSchema } from '@smithy/core/schema'

type Static = Parameters<typeof NormalizedSchema.of>[0]

const exported = rds as unknown as Record<string, unknown>

export interface OperationShape {
  input: NormalizedSchema
  output: NormalizedSchema
}

const operations = new Map<string, OperationShape | undefined>()

/** The input and output schemas of an RDS action (e.g. `DescribeDBInstances`), or undefined. */
export function operationShape(action: string): OperationShape | undefined {
  if (operations.has(action)) return operations.get(action)
  let shape: OperationShape | undefined
  const op = exported[`${action}$`]
  // An operation schema is [9, namespace, name, traits, () => input, () => output].
  if (Array.isArray(op) && op[0] === 9 && typeof op[4] === 'function' && typeof op[5] === 'function') {
    shape = {
      input: NormalizedSchema.of((op[4] as () => Static)()),
      output: NormalizedSchema.of((op[5] as () => Static)()),
    }
  }
  operations.set(action, shape)
  return shape
}

export interface WireError {
  code: string
  status: number
}

/** The query error code and HTTP status of a modeled RDS error (e.g. DBInstanceNotFoundFault). */
export function modeledError(name: string): WireError | undefined {
  const schema = exported[`${name}$`]
  // An error schema is [-3, namespace, name, traits, ...]; traits.awsQueryError = [code, status].
  if (!Array.isArray(schema) || schema[0] !== -3) return undefined
  const traits = schema[3] as { awsQueryError?: [string, number]; httpError?: number }
  const [code, status] = traits.awsQueryError ?? [name, traits.httpError ?? 400]
  return { code, status }
}
