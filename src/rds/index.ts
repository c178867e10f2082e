export { parseRdsArn, type DatabaseKind, type RdsArn } from './arn.js'
export { describeDatabase, DatabaseNotFoundError, type Database } from './database.js'
export { deploymentMembers, describeDeployment, findDeployment, greenOf, type DeploymentMember } from './deployment.js'
export { isAwsError } from './errors.js'
