// The same tiny user store for both dependency apps: an async lookup, as a database would be.
export interface User { id: number, username: string, email: string }

const users = new Map<string, User>([['rick', { id: 1, username: 'rick', email: 'rick@example.com' }]])

export const db = {
  async findUserByToken (token: string): Promise<User | undefined> {
    return users.get(token)
  },
}
