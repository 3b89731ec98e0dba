// Swagger UI's Authorize with the OAuth2 password flow, in a real Chromium: the dialog posts
// the username and password typed into it to the app's `POST /token` (OAuth2PasswordRequestForm),
// keeps the token it answers, and a protected operation's "Try it out" sends it and succeeds.
// What inject cannot show: that the document's security scheme drives Swagger UI's dialog,
// and that the form Swagger UI posts is the one the token route reads.
import Fastify, { type FastifyInstance } from 'fastify'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest'
import { z } from 'zod'
import { Depends, HTTPException, OAuth2PasswordBearer, OAuth2PasswordRequestForm, fastapi } from 'fastify-fastapi'
import { launchChromium } from './helpers/browser.js'
import { describeInChromium } from './helpers/browser-suite.js'

const title = 'Swagger UI\'s Authorize with the password flow, in Chromium'

const TIMEOUT = 60_000
const RENDER_TIMEOUT = 20_000

const User = z.object({ username: z.string(), full_name: z.string() }).meta({ id: 'User' })
const USERS: Record<string, { username: string, full_name: string, password: string }> = {
  johndoe: { username: 'johndoe', full_name: 'John Doe', password: 'secret' },
}

async function shop (): Promise<{ app: FastifyInstance, tokenRequests: Array<Record<string, unknown>> }> {
  const app = Fastify()
  await app.register(fastapi, { docs: { title: 'Shop' } })
  const tokenRequests: Array<Record<string, unknown>> = []
  const oauth2Scheme = OAuth2PasswordBearer({ tokenUrl: 'token' })
  const currentUser = Depends({ deps: { token: oauth2Scheme } }, ({ deps }) => {
    const user = USERS[deps.token.replace(/^token-/, '')]
    if (user === undefined) throw new HTTPException(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' })
    return user
  })
  app.api.post('/token', { deps: { formData: OAuth2PasswordRequestForm } }, async function login ({ deps }) {
    tokenRequests.push({ ...deps.formData })
    const user = USERS[deps.formData.username]
    if (user === undefined || user.password !== deps.formData.password) throw new HTTPException(400, 'Incorrect username or password')
    return { access_token: `token-${user.username}`, token_type: 'bearer' }
  })
  app.api.get('/users/me', { deps: { user: currentUser }, response: User }, async function read_users_me ({ deps }) {
    return deps.user
  })
  return { app, tokenRequests }
}

describeInChromium('test/security.swagger-authorize-browser.test.ts', title, TIMEOUT, () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchChromium()
  }, TIMEOUT)
  afterAll(async () => { await browser?.close() })

  it('gets a token from POST /token with the username and password typed into the dialog, then "Try it out" on a protected route succeeds', async () => {
    const { app, tokenRequests } = await shop()
    onTestFinished(() => app.close())
    const origin = await app.listen({ port: 0, host: '127.0.0.1' })
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    onTestFinished(() => context.close())
    const page = await context.newPage()
    expect((await page.goto(`${origin}/docs`))?.status()).toBe(200)

    const operation = page.locator('.opblock').filter({ has: page.locator('[data-path="/users/me"]') })
    await operation.waitFor({ timeout: RENDER_TIMEOUT })

    // Before authorizing, the protected route answers the scheme's 401.
    await operation.locator('.opblock-summary').click()
    await operation.getByRole('button', { name: 'Try it out' }).click()
    await operation.getByRole('button', { name: 'Execute' }).click()
    const live = operation.locator('.live-responses-table .response')
    const shownStatus = () => live.locator('.response-col_status').innerText()
    // "Undocumented": as in FastAPI, the document lists no 401 for the route by default.
    await expect.poll(shownStatus, { timeout: RENDER_TIMEOUT }).toBe('401\nUndocumented')

    // The Authorize dialog of the password flow, filled as a user would.
    await page.locator('.auth-wrapper .authorize').click()
    const dialog = page.locator('.dialog-ux .modal-ux')
    await dialog.waitFor({ timeout: RENDER_TIMEOUT })
    await dialog.locator('#oauth_username').fill('johndoe')
    await dialog.locator('#oauth_password').fill('secret')
    // Swagger UI labels its buttons for screen readers ("Apply credentials"): found by their text.
    const buttons = dialog.locator('.auth-btn-wrapper button')
    await buttons.filter({ hasText: /^Authorize$/ }).click()
    // Authorized: the dialog shows the user and offers to log out.
    await buttons.filter({ hasText: /^Logout$/ }).waitFor({ timeout: RENDER_TIMEOUT })
    expect(await dialog.locator('h6').innerText()).toBe('Authorized')
    await buttons.filter({ hasText: /^Close$/ }).click()
    expect(tokenRequests).toEqual([{ grantType: 'password', username: 'johndoe', password: 'secret', scopes: [], clientId: null, clientSecret: null }])

    await operation.getByRole('button', { name: 'Execute' }).click()
    await expect.poll(shownStatus, { timeout: RENDER_TIMEOUT }).toBe('200')
    const body = await live.locator('.response-col_description .highlight-code code').innerText()
    expect(JSON.parse(body)).toEqual({ username: 'johndoe', full_name: 'John Doe' })
    // The curl Swagger UI shows carries the token it got.
    expect(await operation.locator('.curl-command').innerText()).toContain('Authorization: Bearer token-johndoe')
  })
})
