import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, OAuth2PasswordBearer, OAuth2PasswordRequestForm, Security, HTTPBasic, APIKeyHeader } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

// FastAPI's "OAuth2 scopes" tutorial (docs_src/security/tutorial005) and the document its
// test expects (tests/test_tutorial/test_security/test_tutorial005.py): the scopes a route
// asks with Security(dep, scopes), outermost first, and no 422 nor 401 on the routes the
// scheme guards. Then the docs option beyond FastAPI: `securityResponses`.

const User = z.object({
  username: z.string(),
  email: z.string().nullable().default(null),
  full_name: z.string().nullable().default(null),
  disabled: z.boolean().nullable().default(null),
}).meta({ id: 'User' })
const Token = z.object({ access_token: z.string(), token_type: z.string() }).meta({ id: 'Token' })

const fakeUsers: Record<string, { username: string, full_name: string, email: string, disabled: boolean, scopes: string[] }> = {
  johndoe: { username: 'johndoe', full_name: 'John Doe', email: 'johndoe@example.com', disabled: false, scopes: ['me', 'items'] },
}

async function tutorial005 (docs: { securityResponses?: boolean } = {}) {
  const app = await buildApp({ docs })
  const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token', scopes: { me: 'Read information about the current user.', items: 'Read items.' } })
  const getCurrentUser = Depends({ deps: { token: oauth2Scheme } }, function getCurrentUser ({ deps, securityScopes }) {
    const authenticateValue = securityScopes.scopes.length > 0 ? `Bearer scope="${securityScopes.scopeStr}"` : 'Bearer'
    const user = fakeUsers[deps.token]
    if (user === undefined) throw new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': authenticateValue })
    for (const scope of securityScopes.scopes) {
      if (!user.scopes.includes(scope)) throw new HTTPException(401, 'Not enough permissions', { 'WWW-Authenticate': authenticateValue })
    }
    return user
  })
  const getCurrentActiveUser = Depends({ deps: { currentUser: Security(getCurrentUser, ['me']) } }, ({ deps }) => {
    if (deps.currentUser.disabled) throw new HTTPException(400, 'Inactive user')
    return deps.currentUser
  })
  app.api.post('/token', { deps: { formData: OAuth2PasswordRequestForm }, response: Token }, async function login_for_access_token ({ deps }) {
    return { access_token: deps.formData.username, token_type: 'bearer' }
  })
  app.api.get('/users/me/', { deps: { currentUser: getCurrentActiveUser }, response: User }, async function read_users_me ({ deps }) {
    return deps.currentUser
  })
  app.api.get('/users/me/items/', { deps: { currentUser: Security(getCurrentActiveUser, ['items']) } }, async function read_own_items ({ deps }) {
    return [{ item_id: 'Foo', owner: deps.currentUser.username }]
  })
  app.api.get('/status/', { deps: { currentUser: getCurrentUser } }, async function read_system_status () {
    return { status: 'ok' }
  })
  return app
}

const OK_ANY = { 200: { description: 'Successful Response', content: { 'application/json': { schema: {} } } } }

describe('security in the docs', () => {
  it('writes FastAPI\'s document for the OAuth2 scopes tutorial', async () => {
    const app = await tutorial005()
    const document = (await app.inject('/openapi.json')).json()
    expect(document.paths['/users/me/']).toEqual({
      get: {
        summary: 'Read Users Me',
        operationId: 'read_users_me_users_me__get',
        responses: { 200: { description: 'Successful Response', content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } } },
        security: [{ OAuth2PasswordBearer: ['me'] }],
      },
    })
    expect(document.paths['/users/me/items/']).toEqual({
      get: { summary: 'Read Own Items', operationId: 'read_own_items_users_me_items__get', responses: OK_ANY, security: [{ OAuth2PasswordBearer: ['items', 'me'] }] },
    })
    expect(document.paths['/status/']).toEqual({
      get: { summary: 'Read System Status', operationId: 'read_system_status_status__get', responses: OK_ANY, security: [{ OAuth2PasswordBearer: [] }] },
    })
    expect(document.paths['/token'].post.security).toBeUndefined()
    expect(Object.keys(document.paths['/token'].post.responses)).toEqual(['200', '422'])
    expect(document.components.securitySchemes).toEqual({
      OAuth2PasswordBearer: {
        type: 'oauth2',
        flows: { password: { scopes: { me: 'Read information about the current user.', items: 'Read items.' }, tokenUrl: 'token' } },
      },
    })
    expect(document.components.schemas.User).toEqual({
      title: 'User',
      required: ['username'],
      type: 'object',
      properties: {
        username: { title: 'Username', type: 'string' },
        email: { title: 'Email', anyOf: [{ type: 'string' }, { type: 'null' }] },
        full_name: { title: 'Full Name', anyOf: [{ type: 'string' }, { type: 'null' }] },
        disabled: { title: 'Disabled', anyOf: [{ type: 'boolean' }, { type: 'null' }] },
      },
    })
  })

  it('answers as the tutorial: the scopes asked name themselves in the challenge', async () => {
    const app = await tutorial005()
    const items = await app.inject({ url: '/users/me/items/', headers: { authorization: 'Bearer johndoe' } })
    expect(items.json()).toEqual([{ item_id: 'Foo', owner: 'johndoe' }])
    const stranger = await app.inject({ url: '/users/me/items/', headers: { authorization: 'Bearer nonexistent' } })
    expect(stranger.statusCode, stranger.body).toBe(401)
    expect(stranger.json()).toEqual({ detail: 'Could not validate credentials' })
    expect(stranger.headers['www-authenticate']).toBe('Bearer scope="items me"')
    const none = await app.inject('/status/')
    expect(none.statusCode, none.body).toBe(401)
    expect(none.headers['www-authenticate']).toBe('Bearer')
  })

  describe('docs: { securityResponses: true }', () => {
    const NOT_AUTHENTICATED = { description: 'Not authenticated', headers: { 'WWW-Authenticate': { schema: { type: 'string' } } } }
    const FORBIDDEN = { description: 'Not enough permissions' }

    it('documents the 401 of every route a scheme guards, and the 403 of those that ask scopes', async () => {
      const app = await tutorial005({ securityResponses: true })
      const { paths } = (await app.inject('/openapi.json')).json()
      expect(paths['/status/'].get.responses).toEqual({ ...OK_ANY, 401: NOT_AUTHENTICATED })
      expect(paths['/users/me/'].get.responses).toMatchObject({ 401: NOT_AUTHENTICATED, 403: FORBIDDEN })
      expect(paths['/users/me/items/'].get.responses).toEqual({ ...OK_ANY, 401: NOT_AUTHENTICATED, 403: FORBIDDEN })
      expect(Object.keys(paths['/token'].post.responses)).toEqual(['200', '422'])
    })

    it('leaves a status the route or its dependencies document to them', async () => {
      const app = await buildApp({ docs: { securityResponses: true } })
      const currentUser = Depends({ deps: { credentials: HTTPBasic() }, errors: [{ status: 401, description: 'Incorrect username or password' }] }, ({ deps }) => deps.credentials.username)
      app.api.get('/me', { deps: { user: currentUser } }, function read_me () { return {} })
      app.api.get('/keys', { deps: { key: Security(APIKeyHeader({ name: 'X-Key' }), ['admin']) }, responses: { 403: { description: 'Not an admin key' } } }, function read_keys () { return {} })
      const { paths } = (await app.inject('/openapi.json')).json()
      expect(paths['/me'].get.responses[401]).toEqual({ description: 'Incorrect username or password' })
      expect(paths['/keys'].get.responses).toEqual({ ...OK_ANY, 401: NOT_AUTHENTICATED, 403: { description: 'Not an admin key' } })
    })

    it('is off by default, as FastAPI documents neither', async () => {
      const app = await tutorial005()
      const { paths } = (await app.inject('/openapi.json')).json()
      expect(paths['/users/me/items/'].get.responses).toEqual(OK_ANY)
    })

    it('must be true or false', async () => {
      // @ts-expect-error  a switch, not a string
      await expect(buildApp({ docs: { securityResponses: 'yes' } })).rejects.toMatchObject({ code: 'FFA_ERR_OPTION_INVALID', message: "fastify-fastapi/docs: option 'securityResponses' must be true or false; got string 'yes'" })
    })
  })
})
