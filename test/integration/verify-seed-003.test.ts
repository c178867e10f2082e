// Seed 003 through verify. Blue's books table is at id 10218, as in the write-up. Green is
// made writable (a parameter group with read_only=0, a reboot) and the application writes a
// book there: verify sees the row beyond blue's maximum and blue's counter about to collide,
// before anything broke. Then blue writes its next book, takes id 10219, and green's real SQL
// thread stops with 1062: verify names the table, the key and the rows to delete
// (DELETE FROM books WHERE id >= 10219, as the operator did). Following its remedy repairs
// replication and verify is back to ready (with the writable-green warning). Last, a row
// deleted on green that blue then updates: error 1032.
import type { RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { codes, createDeployment, makeGreenWritable, runSql, useSandboxEndpoint, verifyContext, waitForReplica, type VerifyHarness } from '../helpers/sandbox-modes.js'

describe("verify: seed 003's duplicate key", () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  let green: string
  const harnesses: VerifyHarness[] = []
  const context = () => {
    const h = verifyContext(sandbox)
    harnesses.push(h)
    return h.ctx
  }

  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'books-db' }, timings: { taskMs: 50, rebootMs: 50, replicationPollMs: 100 } })
    restore = useSandboxEndpoint(sandbox)
    rds = context().rds
    await runSql(sandbox, 'books-db', "INSERT INTO app.books (id, title, author) VALUES (10218, 'The last book before the deployment', 'Blue')")
    ;({ green } = await createDeployment(sandbox, rds, 'books-db'))
    await makeGreenWritable(rds, green)
  })
  afterAll(async () => {
    for (const h of harnesses) h.close()
    restore?.()
    await sandbox?.stop()
  })

  it('a row written on green: rows beyond blue and a collision at blue\'s very next insert, before replication breaks', async () => {
    await runSql(sandbox, green, "INSERT INTO app.books (title, author) VALUES ('Registered through the app on green', 'Operator')")
    const report = await runMode(context())
    expect(report.verdict.ok).toBe(false)
    const notInfo = report.findings.filter((f) => f.level !== 'info').map((f) => `${f.level} ${f.code} ${f.subject}`)
    expect(notInfo).toEqual(['error GREEN_ROWS_BEYOND_BLUE app.books.id', 'error AUTO_INCREMENT_COLLISION app.books.id', `warning GREEN_WRITABLE ${green}`])
    const [beyond, collision] = report.findings
    expect(beyond?.message).toContain("Green holds 1 row of app.books with id 10219..10219, beyond blue's largest id (10218)")
    expect(beyond?.remedy).toContain('DELETE FROM `app`.`books` WHERE `id` > 10218;')
    expect(collision?.message).toContain("Blue's next AUTO_INCREMENT value for app.books is 10219")
    expect(collision?.message).toContain("blue's very next insert takes id 10219, which green already has")
    expect(collision?.remedy).toContain('ALTER TABLE `app`.`books` AUTO_INCREMENT = 10220; on blue')
  })

  it('then blue takes the same key: REPLICATION_DUPLICATE_KEY names the table, the key and the rows to delete', async () => {
    await runSql(sandbox, 'books-db', "INSERT INTO app.books (title, author) VALUES ('Written on blue', 'Application')")
    await waitForReplica(sandbox, green, (r) => Number(r.Last_SQL_Errno) === 1062)
    const report = await runMode(context())
    expect(report.outputs.ready).toBe('false')
    const errors = report.findings.filter((f) => f.level === 'error')
    expect(codes(errors)).toEqual(['REPLICATION_DUPLICATE_KEY'])
    const [finding] = errors
    expect(finding?.subject).toBe('app.books')
    expect(finding?.message).toContain("blue wrote a row into app.books with key PRIMARY (id) = '10219', which green already holds")
    expect(finding?.message).toContain('Green holds 1 row with id >= 10219 (10219..10219)')
    expect(finding?.remedy).toContain('DELETE FROM `app`.`books` WHERE `id` >= 10219;')
    expect(finding?.remedy).toContain('CALL mysql.rds_start_replication;')
  })

  it("following the remedy repairs replication; blue's row arrives and verify is ready again", async () => {
    await runSql(sandbox, green, 'DELETE FROM `app`.`books` WHERE `id` >= 10219')
    await runSql(sandbox, green, 'CALL mysql.rds_start_replication')
    await waitForReplica(sandbox, green, (r) => r.Slave_SQL_Running === 'Yes' && Number(r.Last_SQL_Errno) === 0)
    const report = await runMode(context())
    expect(report.findings.filter((f) => f.level !== 'info').map((f) => f.code)).toEqual(['GREEN_WRITABLE'])
    expect(report.verdict.ok).toBe(true)
    const rows = await sandbox.server(green).query<{ title: string }>('SELECT title FROM app.books WHERE id = 10219')
    expect(rows).toEqual([{ title: 'Written on blue' }])
  })

  it('a row deleted on green, then updated on blue: REPLICATION_ROW_NOT_FOUND (1032)', async () => {
    await runSql(sandbox, green, 'DELETE FROM app.books WHERE id = 1')
    await runSql(sandbox, 'books-db', "UPDATE app.books SET title = 'Second edition' WHERE id = 1")
    await waitForReplica(sandbox, green, (r) => Number(r.Last_SQL_Errno) === 1032)
    const report = await runMode(context())
    const errors = report.findings.filter((f) => f.level === 'error')
    expect(codes(errors)).toEqual(['REPLICATION_ROW_NOT_FOUND'])
    expect(errors[0]?.message).toMatch(/^Green's SQL thread stopped with error 1032 \(.*app\.books.*\): a row blue updated or deleted is missing or different on green/)
  })
})
