// The same tiny user store for every dependency app: an async lookup, as a database would be.
import type { FastifyReply, FastifyRequest } from 'fastify'

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

/** The chain written by hand, as bare Fastify apps do it: a preHandler that finds the user or answers 401. */
export async function authenticate (request: FastifyRequest & { user?: User | null }, reply: FastifyReply) {
  const token = bearerTokenOf(request.headers.authorization)
  if (token === undefined) return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ detail: 'Not authenticated' })
  const user = await db.findUserByToken(token)
  if (user === undefined) return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ detail: 'Could not validate credentials' })
  request.user = user
}
