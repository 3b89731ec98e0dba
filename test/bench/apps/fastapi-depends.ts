// A 2-level dependency chain with an auth header, as a user writes it with this library.
import Fastify from 'fastify'
import { z } from 'zod'
import { Depends, HTTPException, fastapi } from 'fastify-fastapi'
import { db } from './shared-users.js'

const getDb = Depends(function getDb () { return db })
const bearerToken = Depends({ headers: z.object({ authorization: z.string() }) }, function bearerToken ({ headers }) {
  if (!headers.authorization.startsWith('Bearer ')) throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
  return headers.authorization.slice(7)
})
const currentUser = Depends({ deps: { token: bearerToken, db: getDb } }, async function currentUser ({ deps }) {
  const user = await deps.db.findUserByToken(deps.token)
  if (user === undefined) throw new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' })
  return user
})

export async function build () {
  const app = Fastify()
  await app.register(fastapi)
  app.api.get('/users/me', { deps: { user: currentUser } }, ({ deps }) => deps.user)
  return app
}
