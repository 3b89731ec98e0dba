import type { Generated, Insertable, Selectable } from 'kysely'

/** The `users` table: a customer account. `username` and `email` are UNIQUE. */
export interface UserTable {
  id: Generated<number>
  username: string
  email: string
  full_name: string | null
  disabled: Generated<boolean>
  /** The scopes a token of this user may carry (security.ts `SCOPES`). */
  scopes: string[]
  /** `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (utils/passwords.ts); never the password, never in a response. */
  hashed_password: string
}

export type User = Selectable<UserTable>
export type NewUser = Insertable<UserTable>
