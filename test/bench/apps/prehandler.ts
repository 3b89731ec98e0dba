// The same chain written by hand in bare Fastify: a preHandler that reads the header, finds the user.
import Fastify, { type FastifyRequest } from 'fastify'
import { db, type User } from './shared-users.js'

export async function build () {
  const app = Fastify()
  app.decorateRequest('user', null)
  app.get('/users/me', {
    preHandler: async (request: FastifyRequest & { user?: User | null }, reply) => {
      const authorization = request.headers.authorization
      if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) {
        return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ detail: 'Not authenticated' })
      }
      const user = await db.findUserByToken(authorization.slice(7))
      if (user === undefined) return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ detail: 'Could not validate credentials' })
      request.user = user
    },
  }, async (request: FastifyRequest & { user?: User | null }) => request.user)
  return app
}
