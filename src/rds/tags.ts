// The tag the action puts on everything it creates (the deployment, the parameter groups
// prepare creates), so IAM policies can limit what the action may create, change and
// delete with tag conditions: aws:RequestTag/managed-by on Create*, aws:ResourceTag/managed-by
// on Modify*, Reboot* and Delete*.
import type { Tag } from '@aws-sdk/client-rds'

export const ACTION_TAG_KEY = 'managed-by'
export const ACTION_TAG_VALUE = 'rds-blue-green'
export const ACTION_TAG: { Key: string; Value: string } = { Key: ACTION_TAG_KEY, Value: ACTION_TAG_VALUE }

/** The user's tags plus the action's tag (which wins over a user tag of the same key). */
export function withActionTag(tags: readonly { Key: string; Value: string }[]): Tag[] {
  return [...tags.filter((t) => t.Key !== ACTION_TAG_KEY), ACTION_TAG]
}
