export { parseRdsArn, type DatabaseKind, type RdsArn } from './arn.js'
export { describeDatabase, DatabaseNotFoundError, findDatabase, type Database } from './database.js'
export { deploymentMembers, deploymentRefName, describeDeployment, findDeployment, greenOf, type DeploymentMember } from './deployment.js'
export { isAwsError } from './errors.js'
export { describeEvents, eventsOf, eventsSince, type EventQuery, type RdsEvent } from './events.js'
export { describeGreen, greenIdentifiers } from './green.js'
export {
  effectiveValue,
  familyOfDefaultGroup,
  groupLabel,
  groupNamesOf,
  inSync,
  isDefaultGroup,
  memberGroupStatuses,
  parameterValue,
  pendingReboot,
  readParameterGroup,
  userParameters,
  type GroupKind,
  type MemberGroupStatus,
  type ParameterGroupInfo,
} from './parameter-groups.js'
export { ACTION_TAG, ACTION_TAG_KEY, ACTION_TAG_VALUE, withActionTag } from './tags.js'
