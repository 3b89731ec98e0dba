/**
 * The scopes required along the chain of `Security(...)` uses that led to a dependency,
 * outermost first (FastAPI's `SecurityScopes`): what a token must grant.
 */
export class SecurityScopes {
  readonly scopes: readonly string[]

  constructor (scopes: readonly string[] = []) {
    this.scopes = scopes
  }

  /** The scopes separated by spaces, as OAuth2 writes them. */
  get scopeStr (): string {
    return this.scopes.join(' ')
  }
}

export const NO_SCOPES = new SecurityScopes()
