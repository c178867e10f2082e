// Real servers behind the model: which settings an instance's server runs with (from its
// parameter groups, backups and role), creating and bootstrapping a server the way RDS
// provisions one (a master user without SUPER, rdsrepladmin, the mysql.rds_* procedures:
// configuration, start/stop replication, and rds_next_master_log for error 1236),
// and rebooting it with its groups' current settings.
import { EndpointProxy } from '../net/proxy.js'
import { DatabaseServer, type ServerSettings } from '../servers/database-server.js'
import type { Context } from './context.js'
import type { Cluster, Instance, ParameterGroup } from './model.js'
import { catalog, type ParameterSpec } from './parameters.js'

export const REPLICATION_USER = 'rdsrepladmin'

// RDS's master user privileges, spelled out: no SUPER and no READ ONLY ADMIN (MariaDB 10.11
// lets holders of either write despite read_only), so read_only stops the master user with
// 1290 as it does on RDS. SLAVE MONITOR lets it run SHOW REPLICA STATUS on MariaDB.
const MASTER_PRIVILEGES = [
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'RELOAD', 'PROCESS', 'REFERENCES', 'INDEX',
  'ALTER', 'SHOW DATABASES', 'CREATE TEMPORARY TABLES', 'LOCK TABLES', 'EXECUTE', 'REPLICATION SLAVE',
  'BINLOG MONITOR', 'SLAVE MONITOR', 'CREATE VIEW', 'SHOW VIEW', 'CREATE ROUTINE', 'ALTER ROUTINE',
  'CREATE USER', 'EVENT', 'TRIGGER',
].join(', ')

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** Bootstrap statements, run as root with sql_log_bin=0 so they never reach a binlog. */
function bootstrapSql(ctx: Context): string {
  const master = quote(ctx.masterUser)
  return `SET SESSION sql_log_bin=0;
CREATE USER IF NOT EXISTS ${master}@'%' IDENTIFIED BY ${quote(ctx.masterPassword)};
GRANT ${MASTER_PRIVILEGES} ON *.* TO ${master}@'%' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS '${REPLICATION_USER}'@'%' IDENTIFIED BY ${quote(ctx.replicationPassword)};
GRANT REPLICATION SLAVE, SLAVE MONITOR ON *.* TO '${REPLICATION_USER}'@'%';
CREATE TABLE IF NOT EXISTS mysql.rds_configuration (
  name VARCHAR(100) NOT NULL PRIMARY KEY, value VARCHAR(100) NULL, description VARCHAR(300) NOT NULL);
INSERT IGNORE INTO mysql.rds_configuration VALUES
  ('binlog retention hours', NULL, 'binlog retention hours specifies the duration in hours before binary logs are automatically deleted.'),
  ('source delay', '0', 'source delay specifies replication delay in seconds between current instance and its master.'),
  ('target delay', '0', 'target delay specifies replication delay in seconds between current instance and its future read-replica.');
CREATE PROCEDURE IF NOT EXISTS mysql.rds_set_configuration(IN name VARCHAR(100), IN value VARCHAR(100))
SQL SECURITY DEFINER
BEGIN
  IF name NOT IN (SELECT c.name FROM mysql.rds_configuration c) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'Invalid configuration name';
  END IF;
  IF name = 'binlog retention hours' AND value IS NOT NULL AND (value NOT REGEXP '^[0-9]+$' OR value < 1 OR value > 2160) THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'For binlog retention hours the value must be between 1 and 2160 inclusive or be NULL';
  END IF;
  SET SESSION sql_log_bin = 0;
  UPDATE mysql.rds_configuration c SET c.value = value WHERE c.name = name;
  SET SESSION sql_log_bin = 1;
END;
CREATE PROCEDURE IF NOT EXISTS mysql.rds_show_configuration()
SQL SECURITY DEFINER
BEGIN
  SELECT name, value, description FROM mysql.rds_configuration ORDER BY name;
END;
CREATE PROCEDURE IF NOT EXISTS mysql.rds_start_replication()
SQL SECURITY DEFINER
BEGIN
  START SLAVE;
END;
CREATE PROCEDURE IF NOT EXISTS mysql.rds_stop_replication()
SQL SECURITY DEFINER
BEGIN
  STOP SLAVE;
END;
CREATE PROCEDURE IF NOT EXISTS mysql.rds_next_master_log(IN curr_master_log INT)
SQL SECURITY DEFINER
BEGIN
  DECLARE current_file VARCHAR(255);
  SELECT CONCAT('mysql-bin-changelog.', LPAD(curr_master_log + 1, 6, '0')) INTO current_file;
  STOP SLAVE;
  SET @rds_next_master_log = CONCAT('CHANGE MASTER TO MASTER_LOG_FILE=''', current_file, ''', MASTER_LOG_POS=4');
  PREPARE change_master FROM @rds_next_master_log;
  EXECUTE change_master;
  DEALLOCATE PREPARE change_master;
  START SLAVE;
END;
SET SESSION sql_log_bin=1;`
}

/** The value a group gives a parameter: the user's, else the catalog default. */
export function groupValue(group: ParameterGroup | undefined, name: string): string | undefined {
  if (!group) return undefined
  const user = group.values.get(name)
  if (user !== undefined) return user
  return catalog(group.family, group.kind).find((p) => p.name === name)?.default
}

function isReplica(instance: Instance): boolean {
  return instance.replicaOf !== undefined || Boolean(instance.oldBlue) || (instance.clusterId !== undefined && !instance.isWriter)
}

function resolveBoolean(value: string | undefined, instance: Instance): boolean {
  if (value === '{TrueIfReplica}') return isReplica(instance)
  return value === '1' || value?.toUpperCase() === 'ON'
}

/** The settings the instance's server runs with after a reboot, from its groups and role. */
export function settingsFor(ctx: Context, instance: Instance): ServerSettings {
  const dbGroup = ctx.state.parameterGroups.get(instance.parameterGroup)
  const cluster = instance.clusterId ? ctx.state.clusters.get(instance.clusterId) : undefined
  const clusterGroup = cluster ? ctx.state.clusterParameterGroups.get(cluster.parameterGroup) : undefined
  const value = (name: string) => groupValue(clusterGroup, name) ?? groupValue(dbGroup, name)
  let binlog: boolean
  let format: string | undefined
  if (instance.engine === 'aurora-mysql') {
    format = groupValue(clusterGroup, 'binlog_format')
    binlog = format !== undefined && format !== 'OFF'
  } else {
    format = groupValue(dbGroup, 'binlog_format')
    binlog = instance.backupRetention > 0
  }
  // MariaDB replicas default to slave_ddl_exec_mode=IDEMPOTENT (a replicated CREATE TABLE
  // silently replaces an existing one); MySQL, and so RDS, stops with 1050. Be MySQL.
  const variables: Record<string, string> = { slave_ddl_exec_mode: 'STRICT' }
  const specs: ParameterSpec[] = [
    ...(clusterGroup ? catalog(clusterGroup.family, 'cluster') : []),
    ...(dbGroup ? catalog(dbGroup.family, 'db') : []),
  ]
  for (const spec of specs) {
    if (!spec.option || spec.name === 'binlog_format' || spec.name === 'read_only') continue
    const v = value(spec.name)
    if (v === undefined || v.startsWith('{')) continue
    variables[spec.option] = v
  }
  // Aurora readers never take writes, whatever read_only says.
  const readOnly = resolveBoolean(value('read_only'), instance) || (instance.clusterId !== undefined && !instance.isWriter)
  return {
    serverId: instance.serverId,
    binlog,
    ...(binlog && format ? { binlogFormat: format as 'ROW' | 'MIXED' | 'STATEMENT' } : {}),
    readOnly,
    variables,
  }
}

/** Starts a real server for an instance and bootstraps it like a fresh RDS instance. */
export async function startServer(ctx: Context, name: string, settings: ServerSettings): Promise<DatabaseServer> {
  const server = await DatabaseServer.create(ctx.workspace, name, settings, { tls: ctx.tls })
  await server.query(bootstrapSql(ctx))
  return server
}

/** A new endpoint proxy on 127.0.0.1 pointing at the server. */
export function endpointFor(server: DatabaseServer): Promise<EndpointProxy> {
  return EndpointProxy.listen('127.0.0.1', 0, { host: '127.0.0.1', port: server.port })
}

/** Members of a cluster, writer first. */
export function clusterMembers(ctx: Context, cluster: Cluster): Instance[] {
  const members = cluster.members.map((id) => ctx.state.instances.get(id)).filter((i): i is Instance => i !== undefined)
  return members.sort((a, b) => Number(Boolean(b.isWriter)) - Number(Boolean(a.isWriter)))
}
