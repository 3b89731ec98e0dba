// The same tiny user store for every dependency app: an async lookup, as a database would be.
export interface User { id: number, username: string, email: string }

const users = new Map<string, User>([['rick', { id: 1, username: 'rick', email: 'rick@example.com' }]])

export const db = {
  async findUserByToken (token: string): Promise<User | undefined> {
    return users.get(token)
  },
}

/** The two steps of the chain as plain functions, for the apps that write it by hand. */
export function bearerTokenOf (authorization: string | undefined): string | undefined {
  return typeof authorization === 'string' && authorization.startsWith('Bearer ') ? authorization.slice(7) : undefined
}
