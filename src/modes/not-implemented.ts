/** Thrown by a mode whose implementation has not landed yet: the run fails with one line. */
export class NotImplementedError extends Error {
  constructor(mode: string) {
    super(`mode ${mode} is not implemented yet`)
    this.name = 'NotImplementedError'
  }
}
