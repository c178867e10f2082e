// API-level checks on shapes the sandbox cannot produce (it has no read replicas of RDS for
// MySQL instances, no other Region, no other engines or Multi-AZ DB clusters): the Database
// objects below are what describeDatabase returns for them on RDS, written out by hand.
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds'
import { describe, expect, it } from '@jest/globals'
import { checkEngine } from '../../../src/checks/blue/engine.js'
import { checkReplicaTopology, sameRegionReplicaIds } from '../../../src/checks/blue/replicas.js'
import type { Database } from '../../../src/rds/database.js'

function instance(fields: Partial<DBInstance> = {}, engine = 'mysql', version = '8.0.36'): Database {
  return {
    kind: 'instance', identifier: 'orders', arn: 'arn:aws:rds:us-east-1:123456789012:db:orders', engine, engineVersion: version,
    status: 'available', endpoint: { host: 'orders.abc.us-east-1.rds.amazonaws.com', port: 3306 },
    instances: [{ DBInstanceIdentifier: 'orders', DBInstanceStatus: 'available', ...fields }],
  }
}

function cluster(fields: Partial<DBCluster> = {}, engine = 'aurora-mysql', version = '8.0.mysql_aurora.3.08.0'): Database {
  return {
    kind: 'cluster', identifier: 'app', arn: 'arn:aws:rds:us-east-1:123456789012:cluster:app', engine, engineVersion: version,
    status: 'available', endpoint: { host: 'app.cluster-abc.us-east-1.rds.amazonaws.com', port: 3306 },
    instances: [{ DBInstanceIdentifier: 'app-1', DBInstanceStatus: 'available' }],
    cluster: { DBClusterIdentifier: 'app', ...fields },
  }
}

const codes = (findings: { code: string; subject: string }[]) => findings.map((f) => `${f.code} ${f.subject}`)

describe('checkReplicaTopology', () => {
  it('finds blue being a read replica, a cross-Region replica and a cascading replica', () => {
    const db = instance({
      ReadReplicaSourceDBInstanceIdentifier: 'main',
      ReadReplicaDBInstanceIdentifiers: ['orders-r1', 'arn:aws:rds:eu-west-1:123456789012:db:orders-eu'],
    })
    expect(sameRegionReplicaIds(db, 'us-east-1')).toEqual(['orders-r1'])
    const replicas: DBInstance[] = [{ DBInstanceIdentifier: 'orders-r1', ReadReplicaDBInstanceIdentifiers: ['orders-r1-r1'] }]
    expect(codes(checkReplicaTopology(db, replicas, 'us-east-1'))).toEqual([
      'SOURCE_IS_REPLICA orders',
      'CROSS_REGION_REPLICA arn:aws:rds:eu-west-1:123456789012:db:orders-eu',
      'CASCADING_REPLICA orders-r1',
    ])
    expect(checkReplicaTopology(instance({ ReadReplicaDBInstanceIdentifiers: ['orders-r1'] }), [{ DBInstanceIdentifier: 'orders-r1' }], 'us-east-1')).toEqual([])
  })

  it('finds an Aurora replica cluster and cross-Region replica clusters', () => {
    const db = cluster({ ReplicationSourceIdentifier: 'arn:aws:rds:us-west-2:123456789012:cluster:main', ReadReplicaIdentifiers: ['arn:aws:rds:eu-west-1:123456789012:cluster:app-eu'] })
    expect(codes(checkReplicaTopology(db, [], 'us-east-1'))).toEqual(['SOURCE_IS_REPLICA app', 'CROSS_REGION_REPLICA arn:aws:rds:eu-west-1:123456789012:cluster:app-eu'])
    expect(checkReplicaTopology(db, [], 'us-east-1')[0]?.remedy).toContain('promote-read-replica-db-cluster')
  })
})

describe('checkEngine', () => {
  it('accepts RDS for MySQL 5.7, 8.0, 8.4 and Aurora MySQL 2 and 3', () => {
    for (const db of [instance({}, 'mysql', '5.7.44'), instance({}, 'mysql', '8.4.3'), cluster({}, 'aurora-mysql', '5.7.mysql_aurora.2.12.1'), cluster()]) {
      expect(checkEngine(db)).toEqual([])
    }
  })

  it('refuses a Multi-AZ DB cluster, MySQL 5.6, Aurora MySQL 1 and other engines', () => {
    const refused = [cluster({}, 'mysql', '8.0.36'), instance({}, 'mysql', '5.6.51'), cluster({}, 'aurora', '5.6.mysql_aurora.1.23.4'), instance({}, 'postgres', '16.3')]
    for (const db of refused) expect(checkEngine(db).map((f) => f.code)).toEqual(['ENGINE_UNSUPPORTED'])
    expect(checkEngine(refused[0]!)[0]?.message).toContain('Multi-AZ DB cluster')
  })
})
