import { describe, expect, it } from 'vitest'
import { REQUEST_ID_PATTERN } from 'fastify-fastapi'
import { buildApp, captureLogs } from './helpers/app.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('request ids taken from a trusted header', () => {
  it('takes a valid X-Request-ID (a proxy\'s UUID, nginx\'s hex, a ULID) as the request\'s id', async () => {
    const app = await buildApp({ requestId: { trustHeader: true } })
    app.get('/', async (request) => ({ id: request.id }))

    for (const id of ['0b8e5c1e-8f9a-4f5e-9d0a-3c2b1a0f9e8d', 'a5f1c0d9e8b7a6f5e4d3c2b1a0f9e8d7', '01ARZ3NDEKTSV4RRFFQ69G5FAV', 'Root=1-5759e988:bd862e3f']) {
      const res = await app.inject({ url: '/', headers: { 'x-request-id': id } })
      expect(res.json(), id).toEqual({ id })
      expect(res.headers['x-request-id']).toBe(id)
    }
  })

  it('makes a new id for a header that is too long, holds other characters, or came twice, and says why once', async () => {
    const { lines, stream } = captureLogs()
    const app = await buildApp({ requestId: { trustHeader: true } }, { logger: { stream } })
    app.get('/', async (request) => ({ id: request.id }))

    const cases = [
      { sent: 'x'.repeat(129), reason: 'it is 129 characters long, over 128' },
      { sent: 'id with spaces', reason: 'it holds a character other than letters, digits and - _ . ~ : / + = @' },
      { sent: '"><script>', reason: 'it holds a character other than letters, digits and - _ . ~ : / + = @' },
    ]
    for (const { sent, reason } of cases) {
      lines.length = 0
      const res = await app.inject({ url: '/', headers: { 'x-request-id': sent } })
      const id = (res.json() as { id: string }).id
      expect(id).toMatch(UUID)
      expect(res.headers['x-request-id']).toBe(id)
      const warnings = lines.filter((line) => line.level === 40)
      expect(warnings).toEqual([expect.objectContaining({ reqId: id, msg: `The request's x-request-id header was not taken as its id: ${reason}. A new id was made.` })])
      // The refused value is the client's: it is not written to the log.
      expect(JSON.stringify(lines)).not.toContain(sent)
    }

    // Two X-Request-ID headers: Node joins them with a comma.
    const twice = await app.inject({ url: '/', headers: { 'x-request-id': ['a', 'b'] } })
    expect((twice.json() as { id: string }).id).toMatch(UUID)
  })

  it('keeps 128 characters, and the pattern says which', async () => {
    const app = await buildApp({ requestId: { trustHeader: true } })
    app.get('/', async (request) => ({ id: request.id }))
    const longest = 'a'.repeat(128)

    expect((await app.inject({ url: '/', headers: { 'x-request-id': longest } })).json()).toEqual({ id: longest })
    expect(REQUEST_ID_PATTERN.test(longest)).toBe(true)
    expect(REQUEST_ID_PATTERN.test('')).toBe(false)
  })

  it('reads and writes another header when told, and makes ids with the function given', async () => {
    let next = 0
    const app = await buildApp({ requestId: { header: 'X-Correlation-ID', trustHeader: true, generate: () => `local-${++next}` } })
    app.get('/', async (request) => ({ id: request.id }))

    const made = await app.inject('/')
    expect(made.json()).toEqual({ id: 'local-1' })
    expect(made.headers['x-correlation-id']).toBe('local-1')
    expect(made.headers['x-request-id']).toBeUndefined()

    const taken = await app.inject({ url: '/', headers: { 'x-correlation-id': 'upstream-7', 'x-request-id': 'ignored' } })
    expect(taken.json()).toEqual({ id: 'upstream-7' })
  })
})
