/** A customer account. */
export interface User {
  id: number
  username: string
  email: string
  full_name: string | null
  disabled: boolean
  /** `scrypt$salt$key` (utils/passwords.ts); never the password, never in a response. */
  hashed_password: string
}
