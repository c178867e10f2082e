// The JSON GitHub's REST API (version 2022-11-28) returns for users, repositories, issue
// comments, issues and pull requests: the fields Octokit users read, with API URLs that
// point back at the stand-in so that following them stays local.
import type { CommentRecord, GitHubUser, IssueRecord, RepositoryRecord } from './model.js'

const WEB = 'https://github.com'

/** GitHub's timestamps: ISO 8601 without milliseconds. */
export function githubTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_${Buffer.from(`0:${id}`).toString('base64url')}`
}

export function userJson(api: string, user: GitHubUser): Record<string, unknown> {
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type === 'Bot' ? 'BOT' : 'U', user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    url: `${api}/users/${encodeURIComponent(user.login)}`,
    html_url: `${WEB}/${user.type === 'Bot' ? 'apps/github-actions' : user.login}`,
    type: user.type,
    site_admin: false,
  }
}

export function repositoryJson(api: string, repo: RepositoryRecord): Record<string, unknown> {
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    owner: userJson(api, { login: repo.owner, id: 9919, type: 'User' }),
    html_url: `${WEB}/${repo.fullName}`,
    url: `${api}/repos/${repo.fullName}`,
    default_branch: repo.defaultBranch,
    visibility: repo.private ? 'private' : 'public',
  }
}

export function commentJson(api: string, repo: RepositoryRecord, issue: IssueRecord, comment: CommentRecord): Record<string, unknown> {
  const kind = issue.pull ? 'pull' : 'issues'
  return {
    url: `${api}/repos/${repo.fullName}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${repo.fullName}/${kind}/${issue.number}#issuecomment-${comment.id}`,
    issue_url: `${api}/repos/${repo.fullName}/issues/${issue.number}`,
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    user: userJson(api, comment.user),
    created_at: githubTime(comment.createdAt),
    updated_at: githubTime(comment.updatedAt),
    author_association: comment.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    body: comment.body,
    reactions: {
      url: `${api}/repos/${repo.fullName}/issues/comments/${comment.id}/reactions`,
      total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0,
    },
    performed_via_github_app: null,
  }
}

export function issueJson(api: string, repo: RepositoryRecord, issue: IssueRecord, comments: number): Record<string, unknown> {
  const json: Record<string, unknown> = {
    url: `${api}/repos/${repo.fullName}/issues/${issue.number}`,
    repository_url: `${api}/repos/${repo.fullName}`,
    comments_url: `${api}/repos/${repo.fullName}/issues/${issue.number}/comments`,
    html_url: `${WEB}/${repo.fullName}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
    id: repo.id * 1000 + issue.number,
    node_id: nodeId(issue.pull ? 'PR' : 'I', repo.id * 1000 + issue.number),
    number: issue.number,
    title: issue.title,
    user: userJson(api, issue.user),
    state: issue.state,
    locked: false,
    comments,
    created_at: githubTime(issue.createdAt),
    updated_at: githubTime(issue.createdAt),
    closed_at: null,
    author_association: 'MEMBER',
    body: issue.body,
  }
  if (issue.pull) json.pull_request = { url: `${api}/repos/${repo.fullName}/pulls/${issue.number}` }
  return json
}

export function pullJson(api: string, repo: RepositoryRecord, issue: IssueRecord, comments: number): Record<string, unknown> {
  const pull = issue.pull!
  const branch = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: userJson(api, { login: repo.owner, id: 9919, type: 'User' }),
    repo: repositoryJson(api, repo),
  })
  return {
    url: `${api}/repos/${repo.fullName}/pulls/${issue.number}`,
    id: repo.id * 1000 + issue.number,
    node_id: nodeId('PR', repo.id * 1000 + issue.number),
    html_url: `${WEB}/${repo.fullName}/pull/${issue.number}`,
    issue_url: `${api}/repos/${repo.fullName}/issues/${issue.number}`,
    comments_url: `${api}/repos/${repo.fullName}/issues/${issue.number}/comments`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userJson(api, issue.user),
    body: issue.body,
    created_at: githubTime(issue.createdAt),
    updated_at: githubTime(issue.createdAt),
    closed_at: null,
    merged_at: null,
    draft: pull.draft,
    head: branch(pull.headRef, pull.headSha),
    base: branch(pull.baseRef, pull.baseSha),
    author_association: 'MEMBER',
    merged: false,
    mergeable: null,
    comments,
  }
}
