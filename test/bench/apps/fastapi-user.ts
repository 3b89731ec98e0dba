// The 2-level chain of the dependency row, as a user writes it with this library: the
// Bearer token from the Authorization header, then the user from an async store.
import { z } from 'zod'
import { Depends, HTTPException } from 'fastify-fastapi'
import { db } from './shared-users.js'

const getDb = Depends(function getDb () { return db })
const bearerToken = Depends({ headers: z.object({ authorization: z.string() }) }, function bearerToken ({ headers }) {
  if (!headers.authorization.startsWith('Bearer ')) throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
  return headers.authorization.slice(7)
})
export const currentUser = Depends({ deps: { token: bearerToken, db: getDb } }, async function currentUser ({ deps }) {
  const user = await deps.db.findUserByToken(deps.token)
  if (user === undefined) throw new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' })
  return user
})
