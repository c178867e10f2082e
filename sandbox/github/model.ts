// What the GitHub stand-in knows: repositories, their issues and pull requests (a pull
// request is an issue too, and its conversation comments are issue comments), and the
// comments on them. Tests seed it (e.g. a comment by someone else, or an old sticky
// comment) and read it back to assert what the action left behind.

export interface GitHubUser {
  login: string
  id: number
  type: 'User' | 'Bot'
}

/** The identity GITHUB_TOKEN acts as: comments made with it are by github-actions[bot]. */
export const GITHUB_ACTIONS_BOT: GitHubUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }

export interface RepositoryRecord {
  id: number
  owner: string
  name: string
  fullName: string
  private: boolean
  defaultBranch: string
}

export interface IssueRecord {
  number: number
  title: string
  body: string
  user: GitHubUser
  state: 'open' | 'closed'
  createdAt: Date
  pull?: { headRef: string; headSha: string; baseRef: string; baseSha: string; draft: boolean }
}

export interface CommentRecord {
  id: number
  repositoryId: number
  issueNumber: number
  body: string
  user: GitHubUser
  createdAt: Date
  updatedAt: Date
}

export interface PullRequestSeed {
  number: number
  title?: string
  headRef?: string
  headSha?: string
  baseRef?: string
  draft?: boolean
}

interface RepositoryState {
  record: RepositoryRecord
  issues: Map<number, IssueRecord>
}

const DEFAULT_AUTHOR: GitHubUser = { login: 'octocat', id: 583231, type: 'User' }

export class GitHubModel {
  private readonly repositories = new Map<string, RepositoryState>()
  private readonly commentsById = new Map<number, CommentRecord>()
  private nextRepositoryId = 700000001
  private nextCommentId = 2000000001

  addRepository(fullName: string, options: { private?: boolean; defaultBranch?: string } = {}): RepositoryRecord {
    const match = /^([\w.-]+)\/([\w.-]+)$/.exec(fullName)
    if (!match) throw new Error(`Repository '${fullName}' is not valid: use owner/name, e.g. octo-org/app`)
    const existing = this.repositories.get(fullName.toLowerCase())
    if (existing) return existing.record
    const record: RepositoryRecord = {
      id: this.nextRepositoryId++,
      owner: match[1]!,
      name: match[2]!,
      fullName,
      private: options.private ?? true,
      defaultBranch: options.defaultBranch ?? 'main',
    }
    this.repositories.set(fullName.toLowerCase(), { record, issues: new Map() })
    return record
  }

  /** GitHub matches owner and repository names case-insensitively. */
  repository(owner: string, name: string): RepositoryRecord | undefined {
    return this.repositories.get(`${owner}/${name}`.toLowerCase())?.record
  }

  repositoryById(id: number): RepositoryRecord | undefined {
    for (const state of this.repositories.values()) if (state.record.id === id) return state.record
    return undefined
  }

  private state(repository: RepositoryRecord): RepositoryState {
    const state = this.repositories.get(repository.fullName.toLowerCase())
    if (!state) throw new Error(`Unknown repository ${repository.fullName}`)
    return state
  }

  addPullRequest(fullName: string, seed: PullRequestSeed): IssueRecord {
    const repository = this.addRepository(fullName)
    const issue: IssueRecord = {
      number: seed.number,
      title: seed.title ?? `Pull request #${seed.number}`,
      body: '',
      user: DEFAULT_AUTHOR,
      state: 'open',
      createdAt: new Date(),
      pull: {
        headRef: seed.headRef ?? `feature-${seed.number}`,
        headSha: seed.headSha ?? 'b5e3d1c9a7f24e6b8d0c2a4f6e8b0d2c4a6f8e01',
        baseRef: seed.baseRef ?? repository.defaultBranch,
        baseSha: 'a6f2c4e1b0d94f0c8e7a5b3d2c1f0e9d8c7b6a50',
        draft: seed.draft ?? false,
      },
    }
    this.state(repository).issues.set(issue.number, issue)
    return issue
  }

  addIssue(fullName: string, number: number, title = `Issue #${number}`): IssueRecord {
    const repository = this.addRepository(fullName)
    const issue: IssueRecord = { number, title, body: '', user: DEFAULT_AUTHOR, state: 'open', createdAt: new Date() }
    this.state(repository).issues.set(number, issue)
    return issue
  }

  issue(repository: RepositoryRecord, number: number): IssueRecord | undefined {
    return this.state(repository).issues.get(number)
  }

  /** Comments on an issue or pull request, oldest first (GitHub's order). */
  comments(repository: RepositoryRecord, number: number): CommentRecord[] {
    return [...this.commentsById.values()]
      .filter((c) => c.repositoryId === repository.id && c.issueNumber === number)
      .sort((a, b) => a.id - b.id)
  }

  addComment(repository: RepositoryRecord, number: number, body: string, user: GitHubUser = GITHUB_ACTIONS_BOT): CommentRecord {
    if (!this.issue(repository, number)) throw new Error(`No issue or pull request #${number} in ${repository.fullName}`)
    const now = new Date()
    const comment: CommentRecord = {
      id: this.nextCommentId++,
      repositoryId: repository.id,
      issueNumber: number,
      body,
      user,
      createdAt: now,
      updatedAt: now,
    }
    this.commentsById.set(comment.id, comment)
    return comment
  }

  comment(repository: RepositoryRecord, id: number): CommentRecord | undefined {
    const comment = this.commentsById.get(id)
    return comment && comment.repositoryId === repository.id ? comment : undefined
  }

  updateComment(comment: CommentRecord, body: string): CommentRecord {
    comment.body = body
    comment.updatedAt = new Date()
    return comment
  }

  deleteComment(comment: CommentRecord): void {
    this.commentsById.delete(comment.id)
  }
}
