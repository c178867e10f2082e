import * as core from '@actions/core'

export async function run(): Promise<void> {
  try {
    const mode = core.getInput('mode')
    core.info(`rds-blue-green: mode ${mode}`)
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
