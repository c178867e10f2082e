// Permissions RDS checks beyond the called action, as AWS documents them, so that a role
// missing one is refused here as it would be by RDS:
//  - a create call with Tags also needs rds:AddTagsToResource;
//  - CreateBlueGreenDeployment also needs what RDS does on the caller's behalf to create
//    green ("Authorizing access to Amazon RDS blue/green deployment operations"):
//    rds:CreateDBInstanceReadReplica for an instance, rds:CreateDBCluster,
//    rds:CreateDBInstance and rds:CreateDBClusterEndpoint for an Aurora cluster.
// Switchover and deletion imply permissions too (ModifyDBInstance, PromoteReadReplica,
// DeleteDBInstance, ...), but depend on the deployment's kind, which the request does not
// carry; they are not checked.
export function impliedActions(action: string, input: Record<string, unknown>): string[] {
  const implied: string[] = []
  if (Array.isArray(input.Tags) && input.Tags.length > 0) implied.push('rds:AddTagsToResource')
  if (action === 'CreateBlueGreenDeployment') {
    const source = typeof input.Source === 'string' ? input.Source : ''
    if (/^arn:[^:]+:rds:[^:]*:[^:]*:cluster:/.test(source)) implied.push('rds:CreateDBCluster', 'rds:CreateDBInstance', 'rds:CreateDBClusterEndpoint')
    else implied.push('rds:CreateDBInstanceReadReplica')
  }
  return implied
}
