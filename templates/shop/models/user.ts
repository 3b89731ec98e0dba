/** A customer account. */
export interface User {
  id: number
  username: string
  email: string
  full_name: string | null
  disabled: boolean
  /** The scopes a token of this user may carry (security.ts `SCOPES`). */
  scopes: string[]
  /** `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (utils/passwords.ts); never the password, never in a response. */
  hashed_password: string
}
