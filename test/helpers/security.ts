import { createHmac, generateKeyPairSync } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, Security, type ClaimsSchema, type JWT } from 'fastify-fastapi'
import { buildApp } from './app.js'

/**
 * The raw bearer token, as FastAPI's OAuth2PasswordBearer reads it: a missing header or
 * another scheme is a 401 `Not authenticated` with `WWW-Authenticate: Bearer`.
 */
export const bearerToken = Depends({ headers: z.object({ authorization: z.string().optional() }) }, function bearerToken ({ headers }) {
  const [scheme, token] = (headers.authorization ?? '').split(' ', 2)
  if (scheme?.toLowerCase() !== 'bearer' || token === undefined || token === '') {
    throw new HTTPException(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
  }
  return token
})

/** The same, with FastAPI's `auto_error=False`: `null` when there is no bearer token. */
export const optionalBearerToken = Depends({ headers: z.object({ authorization: z.string().optional() }) }, function optionalBearerToken ({ headers }) {
  const [scheme, token] = (headers.authorization ?? '').split(' ', 2)
  return scheme?.toLowerCase() === 'bearer' && token !== undefined && token !== '' ? token : null
})

/** A 32-byte secret, as `openssl rand -hex 32` gives (FastAPI's tutorial's SECRET_KEY). */
export const SECRET = '09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7'

export function rsaKeys (modulusLength = 2048): { publicKey: string, privateKey: string } {
  return generateKeyPairSync('rsa', { modulusLength, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
}

export function ecKeys (namedCurve = 'prime256v1'): { publicKey: string, privateKey: string } {
  return generateKeyPairSync('ec', { namedCurve, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
}

export function bearer (token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` }
}

/** A token's header and payload, read without verifying (to forge variants of it in attack tests). */
export function decodeParts (token: string): { header: Record<string, unknown>, payload: Record<string, unknown>, signature: string } {
  const [header, payload, signature] = token.split('.') as [string, string, string]
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>,
    signature,
  }
}

export function encodePart (value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

/** A token signed by hand with HMAC, as an attacker (or another library) would write it. */
export function signHS (header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | Buffer): string {
  const input = `${encodePart(header)}.${encodePart(payload)}`
  const hash = `sha${String(header.alg).slice(2)}`
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`
}

/** Seconds since the epoch, as JWT claims count them. */
export function nowSeconds (): number {
  return Math.floor(Date.now() / 1000)
}

/**
 * A real app with one protected route, `GET /users/me` requiring the scope `me`, answering
 * the token's subject: the target of the attack tests.
 */
export async function protectedApp (jwt: JWT<ClaimsSchema | undefined>): Promise<FastifyInstance> {
  const app = await buildApp()
  app.api.get('/users/me', { deps: { claims: Security(jwt.claims(bearerToken), ['me']) } }, ({ deps }) => ({ sub: (deps.claims as { sub?: unknown }).sub }))
  return app
}

/** Sends the token to `GET /users/me` and expects FastAPI's answer to a token it cannot validate. */
export async function expectRefused (app: FastifyInstance, token: string, why: string): Promise<void> {
  const res = await app.inject({ url: '/users/me', headers: bearer(token) })
  expect(res.statusCode, `${why}: ${res.body}`).toBe(401)
  expect(res.json(), why).toEqual({ detail: 'Could not validate credentials' })
  expect(res.headers['www-authenticate'], why).toBe('Bearer scope="me"')
}

/** Sends the token to `GET /users/me` and expects it to pass, answering its subject. */
export async function expectAccepted (app: FastifyInstance, token: string, sub: string): Promise<void> {
  const res = await app.inject({ url: '/users/me', headers: bearer(token) })
  expect(res.statusCode, res.body).toBe(200)
  expect(res.json()).toEqual({ sub })
}
