// Every secret the run learns (database passwords, IAM auth tokens, the OIDC token, the
// temporary AWS keys, the GitHub token) goes through a SecretRegistry the moment it is
// known: it is masked in the runner log at once (core.setSecret, which prints
// `::add-mask::`), and remembered so that every rendered output (job summary, JSON
// report, pull-request comment) gets a last redaction pass before it leaves the process.

export const REDACTED = '***'

/** Too short to redact inside free text without mangling it; masking still applies. */
const MIN_REDACT_LENGTH = 4

export class SecretRegistry {
  private readonly values = new Set<string>()

  constructor(private readonly mask: (value: string) => void) {}

  /** Masks the value in the log and remembers it for redaction. Empty values are ignored. */
  add(value: string | undefined): void {
    if (!value) return
    if (this.values.has(value)) return
    this.values.add(value)
    this.mask(value)
    // A secret can reach text escaped; remember its JSON form too (a no-op for plain ones).
    const escaped = JSON.stringify(value).slice(1, -1)
    if (escaped !== value) this.values.add(escaped)
  }

  get size(): number {
    return this.values.size
  }

  /** Replaces every known secret in `text` with ***. Longest first, so overlaps cannot leak a tail. */
  redact(text: string): string {
    const secrets = [...this.values].filter((v) => v.length >= MIN_REDACT_LENGTH).sort((a, b) => b.length - a.length)
    let out = text
    for (const secret of secrets) out = out.split(secret).join(REDACTED)
    return out
  }

  /** Redacts every string inside a JSON-like value (objects, arrays), returning a copy. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v)) as T
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[k] = this.redactDeep(v)
      return out as T
    }
    return value
  }
}
