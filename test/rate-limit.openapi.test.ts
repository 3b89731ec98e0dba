import { describe, expect, it } from 'vitest'
import { RateLimit } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// A limited route documents its 429 and the headers that come with it; a route without a
// limit documents none.

const TOO_MANY = {
  description: 'Too Many Requests',
  headers: {
    'Retry-After': { schema: { type: 'string' } },
    'RateLimit-Limit': { schema: { type: 'string' } },
    'RateLimit-Remaining': { schema: { type: 'string' } },
    'RateLimit-Reset': { schema: { type: 'string' } },
  },
}

async function responsesOf (app: Awaited<ReturnType<typeof buildApp>>, path: string): Promise<Record<string, unknown>> {
  const document = (await app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, { get: { responses: Record<string, unknown> } }> }>()
  return (document.paths[path] as { get: { responses: Record<string, unknown> } }).get.responses
}

describe('rate limits in OpenAPI', () => {
  it('documents the 429 of a route limited by a RateLimit dependency, with its headers', async () => {
    const app = await buildApp({ rateLimit: {} })
    app.api.get('/limited', { dependencies: [RateLimit({ max: 5, timeWindow: '1 minute' })] }, () => 'ok')
    app.api.get('/free', { fastify: { config: { rateLimit: false } } }, () => 'ok')

    expect(await responsesOf(app, '/limited')).toEqual({
      200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } },
      429: TOO_MANY,
    })
    expect(Object.keys(await responsesOf(app, '/free'))).toEqual(['200'])
  })

  it('documents the 429 of every route under an app-wide limit, and of a route with its own', async () => {
    const app = await buildApp({ rateLimit: { max: 100 } })
    app.api.get('/items', () => [])
    app.api.get('/health', { fastify: { config: { rateLimit: false } } }, () => 'ok')
    const plain = await buildApp({ rateLimit: {} })
    plain.api.get('/upload', { fastify: { config: { rateLimit: { max: 1 } } } }, () => 'ok')
    plain.api.get('/other', () => 'ok')

    expect((await responsesOf(app, '/items'))[429]).toEqual(TOO_MANY)
    expect((await responsesOf(app, '/health'))[429]).toBeUndefined()
    expect((await responsesOf(plain, '/upload'))[429]).toEqual(TOO_MANY)
    expect((await responsesOf(plain, '/other'))[429]).toBeUndefined()
  })
})
