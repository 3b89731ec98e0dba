import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, HTTPException, versioned } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// RFC 9745: `Deprecation: @<unix seconds>`; RFC 8594: `Sunset: <IMF-fixdate>`; RFC 8288: a
// `Link` to the successor version, rel="successor-version" (RFC 5829).
// 2026-06-01T00:00:00Z is 1780272000 seconds after the epoch; 2027-01-01 is a Friday.
const DEPRECATED_HEADERS = {
  deprecation: '@1780272000',
  sunset: 'Fri, 01 Jan 2027 00:00:00 GMT',
  link: '</v2/docs>; rel="successor-version"',
}

function itemsRouter (): APIRouter {
  const items = new APIRouter({ prefix: '/items' })
  items.get('/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => {
    if (params.item_id === 0) throw new HTTPException(404, 'Item not found')
    return { item_id: params.item_id }
  })
  return items
}

function headersOf (headers: Record<string, unknown>) {
  return { deprecation: headers.deprecation, sunset: headers.sunset, link: headers.link }
}

describe('versioned APIs: deprecation headers', () => {
  it('sends Deprecation, Sunset and a successor Link on a deprecated version, and none on the current one', async () => {
    const items = itemsRouter()
    const app = await buildApp()
    await app.register(versioned({
      v1: { routers: [items], deprecated: { since: '2026-06-01', sunset: '2027-01-01', successor: 'v2' } },
      v2: [items],
    }))

    const v1 = await app.inject('/v1/items/3')
    expect(v1.statusCode, v1.body).toBe(200)
    expect(v1.json()).toEqual({ item_id: 3 })
    expect(headersOf(v1.headers)).toEqual(DEPRECATED_HEADERS)

    const v2 = await app.inject('/v2/items/3')
    expect(v2.statusCode, v2.body).toBe(200)
    expect(v2.json()).toEqual({ item_id: 3 })
    expect(headersOf(v2.headers)).toEqual({ deprecation: undefined, sunset: undefined, link: undefined })
  })

  it("sends them on the deprecated version's errors too (404 raised, 422)", async () => {
    const app = await buildApp()
    await app.register(versioned({
      v1: { routers: itemsRouter(), deprecated: { since: '2026-06-01', sunset: '2027-01-01', successor: 'v2' } },
      v2: itemsRouter(),
    }))

    const notFound = await app.inject('/v1/items/0')
    expect(notFound.statusCode, notFound.body).toBe(404)
    expect(notFound.json()).toEqual({ detail: 'Item not found' })
    expect(headersOf(notFound.headers)).toEqual(DEPRECATED_HEADERS)
    const invalid = await app.inject('/v1/items/foo')
    expect(invalid.statusCode, invalid.body).toBe(422)
    expect(headersOf(invalid.headers)).toEqual(DEPRECATED_HEADERS)
  })

  it('sends the deprecation time in whole seconds, and only the headers it has dates and a successor for', async () => {
    const app = await buildApp()
    await app.register(versioned({
      v1: { routers: itemsRouter(), deprecated: { since: new Date('2026-06-01T12:34:56.789Z') } },
      v2: { routers: itemsRouter(), deprecated: { since: '2026-09-01T00:00:00Z', sunset: new Date('2027-03-15T08:00:00Z') } },
      v3: itemsRouter(),
    }))

    const v1 = await app.inject('/v1/items/1')
    expect(v1.statusCode, v1.body).toBe(200)
    expect(headersOf(v1.headers)).toEqual({ deprecation: '@1780317296', sunset: undefined, link: undefined })
    const v2 = await app.inject('/v2/items/1')
    expect(v2.statusCode, v2.body).toBe(200)
    expect(headersOf(v2.headers)).toEqual({ deprecation: '@1788220800', sunset: 'Mon, 15 Mar 2027 08:00:00 GMT', link: undefined })
  })

  it("keeps a route's own Link header beside the successor's", async () => {
    const pages = new APIRouter({ prefix: '/items' })
    pages.get('/', ({ reply }) => {
      reply.header('link', '</v1/items/?page=2>; rel="next"')
      return []
    })
    const app = await buildApp()
    await app.register(versioned({ v1: { routers: pages, deprecated: { since: '2026-06-01', successor: 'v2' } }, v2: pages }))

    const res = await app.inject('/v1/items/')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers.link).toBe('</v1/items/?page=2>; rel="next", </v2/docs>; rel="successor-version"')
  })

  it('links the successor under the prefix the versions are mounted at', async () => {
    const app = await buildApp()
    await app.register(versioned({
      v1: { routers: itemsRouter(), deprecated: { since: '2026-06-01', successor: 'v2' } },
      v2: itemsRouter(),
    }), { prefix: '/api' })

    const res = await app.inject('/api/v1/items/1')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers.link).toBe('</api/v2/docs>; rel="successor-version"')
  })
})
