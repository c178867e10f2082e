// DescribeEvents: by source type and identifier, in a time window (StartTime/EndTime or
// Duration in minutes, default the last hour), paginated.
import type { DescribeEventsMessage, EventsMessage, SourceType } from '@aws-sdk/client-rds'
import type { Context } from './context.js'
import { RdsError, invalidParameter } from './errors.js'
import { paginate } from './paging.js'

const SOURCE_TYPES = ['db-instance', 'db-parameter-group', 'db-security-group', 'db-snapshot', 'db-cluster',
  'db-cluster-snapshot', 'custom-engine-version', 'db-proxy', 'blue-green-deployment', 'db-cluster-parameter-group']

export async function describeEvents(ctx: Context, input: DescribeEventsMessage): Promise<EventsMessage> {
  if (input.SourceIdentifier && !input.SourceType) {
    throw new RdsError('InvalidParameterCombination', 'Cannot specify SourceIdentifier without SourceType.')
  }
  if (input.SourceType && !SOURCE_TYPES.includes(input.SourceType)) {
    throw invalidParameter(`Invalid value ${input.SourceType} for SourceType. Valid: ${SOURCE_TYPES.join(', ')}`)
  }
  const end = input.EndTime ?? new Date()
  const start = input.StartTime ?? new Date(end.getTime() - (input.Duration ?? 60) * 60_000)
  let events = ctx.state.events.filter((e) => e.Date >= start && e.Date <= end)
  if (input.SourceType) events = events.filter((e) => e.SourceType === input.SourceType)
  if (input.SourceIdentifier) events = events.filter((e) => e.SourceIdentifier === input.SourceIdentifier)
  if (input.EventCategories?.length) events = events.filter((e) => e.EventCategories.some((c) => input.EventCategories!.includes(c)))
  const { page, Marker } = paginate(events, input)
  return { Events: page.map((e) => ({ ...e, SourceType: e.SourceType as SourceType, EventCategories: [...e.EventCategories] })), ...(Marker ? { Marker } : {}) }
}
