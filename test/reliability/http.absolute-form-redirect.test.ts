import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from '../helpers/app.js'
import { listen, rawRequest } from '../helpers/raw-http.js'

async function shop () {
  const app = await buildApp()
  app.api.get('/items/', () => [{ name: 'Foo' }])
  app.api.get('/users', () => [])
  // Matches "/%2F%2Fevil.example/x/" and the like: without the check, their slash redirect would be found.
  app.api.get('/{owner}/{repo}/', { params: z.object({ owner: z.string(), repo: z.string() }) }, () => ({}))
  return listen(app)
}

function get (target: string): string {
  return `GET ${target} HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n`
}

describe('The slash redirect only ever points at a path of this server', () => {
  it('still redirects /items to /items/ and /users/ to /users with 307, keeping the query', async () => {
    const port = await shop()

    const items = await rawRequest(port, [get('/items?skip=1')])
    expect(items.status, items.body).toBe(307)
    expect(items.headers.location).toBe('/items/?skip=1')

    const users = await rawRequest(port, [get('/users/')])
    expect(users.status, users.body).toBe(307)
    expect(users.headers.location).toBe('/users')
  })

  it.each([
    'http://evil.example/items',
    'https://evil.example/items?skip=1',
    'http://evil.example/users/',
  ])('answers the absolute-form request target %s with 404, not a redirect to that host', async (target) => {
    const port = await shop()

    const res = await rawRequest(port, [get(target)])
    expect(res.status, res.body).toBe(404)
    expect(res.headers.location).toBeUndefined()
    expect(JSON.parse(res.body)).toEqual({ detail: 'Not Found' })
  })

  it.each([
    ['a scheme-relative target', '//evil.example/x'],
    ['a backslash', '/\\evil.example/x'],
    ['encoded slashes', '/%2F%2Fevil.example/x'],
    ['an encoded slash then a slash', '/%2F/evil.example/x'],
    ['an encoded backslash', '/%5Cevil.example/x'],
    ['an encoded tab before a slash', '/%09%2Fevil.example/x'],
    ['an encoded newline before a backslash', '/%0A%5Cevil.example/x'],
  ])('answers %s (%s) with 404 and no Location', async (_, target) => {
    const port = await shop()

    const res = await rawRequest(port, [get(target)])
    expect(res.status, res.body).toBe(404)
    expect(res.headers.location).toBeUndefined()
    expect(JSON.parse(res.body)).toEqual({ detail: 'Not Found' })
  })
})
