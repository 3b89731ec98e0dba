// The dependency row's own baseline: the same chain written by hand in bare Fastify, a
// preHandler that reads the header and finds the user (no response schema, as the
// fastapi app's route has no response model).
import Fastify, { type FastifyRequest } from 'fastify'
import { authenticate, type User } from './shared-users.js'

export async function build () {
  const app = Fastify()
  app.decorateRequest('user', null)
  app.get('/users/me', {
    preHandler: authenticate,
  }, async (request: FastifyRequest & { user?: User | null }) => request.user)
  return app
}
