// What makes the action releasable: license, author, description the Marketplace accepts,
// the files a public action is expected to have, actions that run on node24, and the
// release script (tags vX.Y.Z after CI, moves vX forward only), run on real git repositories.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { REPO_ROOT } from '../helpers/run-action.js'

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8')
const pkg = JSON.parse(read('package.json')) as { author: string; license: string; engines: { node: string }; name: string }
const action = parse(read('action.yml')) as { name: string; description: string; author: string }

describe('metadata', () => {
  it('has an MIT LICENSE naming the author of package.json and action.yml', () => {
    expect(pkg.license).toBe('MIT')
    const license = read('LICENSE')
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /)
    expect(license).toContain(`Copyright (c) 2026 ${pkg.author}\n`)
    expect(action.author).toBe(pkg.author)
    expect([pkg.name, 'rds-blue-green', '']).not.toContain(action.author)
  })

  it('describes the action in under 125 characters (the Marketplace limit)', () => {
    expect(action.description.length).toBeLessThan(125)
    expect(action.description.length).toBeGreaterThan(40)
  })

  it('asks for Node.js 22 or later', () => {
    expect(pkg.engines.node).toBe('>=22')
  })

  it('has a changelog, a security policy, code owners and dependabot for npm and the actions', () => {
    expect(read('CHANGELOG.md')).toMatch(/^## \[Unreleased\]$/m)
    expect(read('SECURITY.md')).toMatch(/Report a vulnerability/)
    expect(read('.github/CODEOWNERS')).toMatch(/^\* +\S+/m)
    const dependabot = parse(read('.github/dependabot.yml')) as { version: number; updates: { 'package-ecosystem': string; directory: string }[] }
    expect(dependabot.version).toBe(2)
    expect(dependabot.updates.map((u) => `${u['package-ecosystem']} ${u.directory}`).sort()).toEqual(['github-actions /', 'npm /'])
  })

  it('states the runner version node24 actions need', () => {
    expect(read('README.md')).toMatch(/runner \*\*v2\.327\.1 or later\*\*/)
  })
})

// The first major of each action that runs on node24 (runs.using in its action.yml).
const FIRST_NODE24_MAJOR: Record<string, number> = { 'actions/checkout': 5, 'actions/setup-node': 5, 'actions/upload-artifact': 6, 'actions/download-artifact': 7 }

describe('actions used in workflows, examples and docs', () => {
  const files = [
    ...readdirSync(join(REPO_ROOT, '.github/workflows')).map((f) => `.github/workflows/${f}`),
    ...readdirSync(join(REPO_ROOT, 'examples')).map((f) => `examples/${f}`),
    'README.md',
    ...readdirSync(join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  ]
  const uses = files.flatMap((file) => [...read(file).matchAll(/uses: (actions\/[\w-]+)@v(\d+)/g)].map((m) => ({ file, action: m[1]!, major: Number(m[2]) })))

  it('run on node24 and every file uses the same major of an action', () => {
    expect(uses.length).toBeGreaterThan(10)
    for (const u of uses) {
      expect([u.file, u.action, u.action in FIRST_NODE24_MAJOR]).toEqual([u.file, u.action, true])
      expect([u.file, u.action, u.major >= FIRST_NODE24_MAJOR[u.action]!]).toEqual([u.file, u.action, true])
    }
    for (const name of new Set(uses.map((u) => u.action))) {
      expect([name, new Set(uses.filter((u) => u.action === name).map((u) => u.major)).size]).toEqual([name, 1])
    }
  })
})

describe('scripts/release/tag.sh', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } }).trim()

  /** A bare "origin" and a clone with one commit of package.json and CHANGELOG.md. */
  function repo(version: string, changelog: string): { work: string; origin: string; commit: (v: string, c: string) => string } {
    const root = mkdtempSync(join(tmpdir(), 'rbg-release-'))
    dirs.push(root)
    const origin = join(root, 'origin.git')
    const work = join(root, 'work')
    execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', origin])
    execFileSync('git', ['clone', '--quiet', origin, work], { stdio: 'ignore' })
    git(work, 'config', 'user.name', 'test')
    git(work, 'config', 'user.email', 'test@example.com')
    const commit = (v: string, c: string) => {
      writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'x', version: v }))
      writeFileSync(join(work, 'CHANGELOG.md'), c)
      git(work, 'add', '.')
      git(work, 'commit', '--quiet', '--allow-empty', '-m', `v${v}`)
      git(work, 'push', '--quiet', 'origin', 'HEAD:main')
      return git(work, 'rev-parse', 'HEAD')
    }
    commit(version, changelog)
    return { work, origin, commit }
  }

  function release(work: string, sha: string) {
    const outputFile = join(work, '..', 'output.txt')
    writeFileSync(outputFile, '')
    const run = spawnSync('bash', [join(REPO_ROOT, 'scripts/release/tag.sh'), sha], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, GITHUB_OUTPUT: outputFile, HOME: work, GIT_CONFIG_NOSYSTEM: '1' },
    })
    const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, outputs }
  }

  const tagsAt = (origin: string) =>
    Object.fromEntries(
      git(origin, 'for-each-ref', '--format=%(refname:short) %(*objectname)', 'refs/tags')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ') as [string, string]),
    )

  const dated = (v: string, notes: string) => `# Changelog\n\n## [Unreleased]\n\n## [${v}] - 2026-11-20\n\n${notes}\n\n## [0.0.1] - 2026-01-01\n\nold\n`

  it('releases nothing while the version has no dated CHANGELOG section, and says so', () => {
    const { work, origin } = repo('1.2.3', '# Changelog\n\n## [Unreleased]\n\n- work in progress\n')
    const r = release(work, git(work, 'rev-parse', 'HEAD'))
    expect(r.status).toBe(0)
    expect(r.stdout).toContain("no dated section '## [1.2.3] - YYYY-MM-DD'")
    expect(tagsAt(origin)).toEqual({})
    expect(r.outputs).toEqual({})
  })

  it('tags vX.Y.Z, moves vX to it, and hands the section to the release step', () => {
    const { work, origin } = repo('1.2.3', dated('1.2.3', '### Fixed\n- the thing'))
    const sha = git(work, 'rev-parse', 'HEAD')
    const r = release(work, sha)
    expect([r.status, r.stderr]).toEqual([0, ''])
    expect(tagsAt(origin)).toEqual({ 'v1.2.3': sha, v1: sha })
    expect(r.outputs).toMatchObject({ tag: 'v1.2.3', major: 'v1', moved: 'true' })
    expect(readFileSync(r.outputs.notes!, 'utf8').trim()).toBe('### Fixed\n- the thing')
  })

  it('is idempotent: the next commit of the same version releases nothing', () => {
    const { work, origin, commit } = repo('1.2.3', dated('1.2.3', '- a'))
    const first = git(work, 'rev-parse', 'HEAD')
    release(work, first)
    const next = commit('1.2.3', dated('1.2.3', '- a\n- b'))
    const r = release(work, next)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('v1.2.3 is already released')
    expect(tagsAt(origin)).toEqual({ 'v1.2.3': first, v1: first })
  })

  it('moves vX forward to a newer release, never back to an older minor\'s patch', () => {
    const { work, origin, commit } = repo('1.1.0', dated('1.1.0', '- new'))
    const minor = git(work, 'rev-parse', 'HEAD')
    release(work, minor)
    const patch = commit('1.0.4', dated('1.0.4', '- backport'))
    const r = release(work, patch)
    expect(r.status).toBe(0)
    expect(r.outputs).toMatchObject({ tag: 'v1.0.4', moved: 'false' })
    expect(tagsAt(origin)).toEqual({ 'v1.1.0': minor, 'v1.0.4': patch, v1: minor })
    const newer = commit('1.1.1', dated('1.1.1', '- fix'))
    release(work, newer)
    expect(tagsAt(origin)).toMatchObject({ 'v1.1.1': newer, v1: newer })
  })

  it('refuses a version that is not X.Y.Z', () => {
    const { work, origin } = repo('1.2.3-beta.1', dated('1.2.3-beta.1', '- pre'))
    const r = release(work, git(work, 'rev-parse', 'HEAD'))
    expect(r.status).toBe(1)
    expect(r.stdout).toContain(`::error::package.json's version "1.2.3-beta.1" is not X.Y.Z`)
    expect(tagsAt(origin)).toEqual({})
  })
})
