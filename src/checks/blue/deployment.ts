// A deployment that already exists for the source: RDS allows one per source, and changing
// blue's groups under a running deployment is not what prepare is for.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import { finding, type Finding } from '../../findings/finding.js'

export function checkExistingDeployment(source: string, deployment: BlueGreenDeployment | undefined): Finding[] {
  if (!deployment) return []
  const id = deployment.BlueGreenDeploymentIdentifier ?? ''
  const name = deployment.BlueGreenDeploymentName ?? ''
  return [
    finding({
      code: 'DEPLOYMENT_EXISTS',
      subject: id,
      message: `Blue/Green Deployment ${id} (${name}) already exists for ${source} (status ${deployment.Status ?? 'unknown'}); prepare changes nothing while it exists.`,
      remedy: `Go on with it: run create with deployment: ${name} (it adopts it) and then verify; or delete it with cleanup (abandon: true) to start over.`,
    }),
  ]
}
