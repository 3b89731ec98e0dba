// The dependency row's own baseline: the same chain written by hand in bare Fastify, a
// preHandler that reads the header and finds the user (no response schema, as the
// fastapi app's route has no response model).
import Fastify, { type FastifyRequest } from 'fastify'
import { bearerTokenOf, db, type User } from './shared-users.js'

export async function build () {
  const app = Fastify()
  app.decorateRequest('user', null)
  app.get('/users/me', {
    preHandler: async (request: FastifyRequest & { user?: User | null }, reply) => {
      const token = bearerTokenOf(request.headers.authorization)
      if (token === undefined) return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ detail: 'Not authenticated' })
      const user = await db.findUserByToken(token)
      if (user === undefined) return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ detail: 'Could not validate credentials' })
      request.user = user
    },
  }, async (request: FastifyRequest & { user?: User | null }) => request.user)
  return app
}
