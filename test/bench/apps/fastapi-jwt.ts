// The security row, as a user writes it with this library: the Bearer token from the
// Authorization header, verified by jwt.claims, with the scope `me` required through Security.
import { z } from 'zod'
import { Depends, HTTPException, JWT, Security } from 'fastify-fastapi'
import { JWT_SECRET } from './shared-jwt.js'

const jwt = new JWT({ algorithms: ['HS256'], secret: JWT_SECRET, claims: z.object({ sub: z.string() }) })

const bearerToken = Depends({ headers: z.object({ authorization: z.string() }) }, function bearerToken ({ headers }) {
  if (!headers.authorization.startsWith('Bearer ')) throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
  return headers.authorization.slice(7)
})

export const currentClaims = Security(jwt.claims(bearerToken), ['me'])
