// mysql.rds_topology: RDS for MySQL shows a blue/green deployment's members and the
// switchover phase inside each database (AVAILABLE, SWITCHOVER_INITIATED,
// SWITCHOVER_IN_PROGRESS, SWITCHOVER_IN_POST_PROCESSING, SWITCHOVER_COMPLETED). It is kept
// on every member with sql_log_bin=0, so it never becomes a replicated transaction. Aurora
// MySQL has it from 3.07; the sandbox's Aurora label is 3.05, so Aurora members get none.
import type { Context } from './context.js'
import type { Deployment, Instance } from './model.js'

function members(ctx: Context, d: Deployment): { blue: Instance[]; green: Instance[] } {
  const get = (id: string) => ctx.state.instances.get(id)
  const db = d.details.filter((m) => m.kind === 'db')
  return {
    blue: db.map((m) => get(m.source)).filter((i): i is Instance => i !== undefined),
    green: db.map((m) => get(m.target)).filter((i): i is Instance => i !== undefined),
  }
}

export async function writeTopology(ctx: Context, d: Deployment, status: string): Promise<void> {
  if (d.kind !== 'db') return
  const { blue, green } = members(ctx, d)
  const rows = [
    ...blue.map((i) => [i.proxy.host, i.proxy.port, 'BLUE_GREEN_DEPLOYMENT_SOURCE', i.serverId]),
    ...green.map((i) => [i.proxy.host, i.proxy.port, 'BLUE_GREEN_DEPLOYMENT_TARGET', i.serverId]),
  ] as [string, number, string, number][]
  const values = rows.map(([host, port, role, id]) => `(${id}, '${host}', ${port}, '${role}', '${status}', '1.0')`).join(', ')
  for (const instance of [...blue, ...green]) {
    if (!instance.server.running) continue
    await instance.server.query(`SET SESSION sql_log_bin=0;
      CREATE TABLE IF NOT EXISTS mysql.rds_topology (id BIGINT NOT NULL PRIMARY KEY, endpoint VARCHAR(255) NOT NULL,
        port INT NOT NULL, role VARCHAR(64) NOT NULL, status VARCHAR(64) NOT NULL, version VARCHAR(16) NOT NULL);
      DELETE FROM mysql.rds_topology; INSERT INTO mysql.rds_topology VALUES ${values};
      GRANT SELECT ON mysql.rds_topology TO '${ctx.masterUser.replace(/'/g, "''")}'@'%'; SET SESSION sql_log_bin=1`).catch(() => undefined)
  }
}

export async function dropTopology(instances: Instance[]): Promise<void> {
  for (const instance of instances) {
    if (!instance.server.running) continue
    await instance.server.query('SET SESSION sql_log_bin=0; DROP TABLE IF EXISTS mysql.rds_topology; SET SESSION sql_log_bin=1').catch(() => undefined)
  }
}
