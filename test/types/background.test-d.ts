// Type tests for background tasks: checked by `tsc` in `npm test`. `background.add(fn, ...args)`
// takes exactly fn's arguments, wherever the tasks are reached from.
import Fastify from 'fastify'
import { expectTypeOf } from 'vitest'
import { z } from 'zod'
import { BackgroundTasks, Depends, fastapi, type BackgroundStats, type Lifespan } from 'fastify-fastapi'

const app = Fastify()
await app.register(fastapi)

function writeNotification (email: string, message = '') { return `${email}: ${message}` }
async function chargeCard (amount: number, currency: 'EUR' | 'USD') { return { amount, currency } }
function noArgs () {}

app.api.post('/send-notification/{email}', { params: z.object({ email: z.string() }) }, ({ params, background }) => {
  expectTypeOf(background).toEqualTypeOf<BackgroundTasks>()

  // Right arguments compile: required, optional, async tasks, none, inline arrows.
  background.add(writeNotification, params.email, 'some notification')
  background.add(writeNotification, params.email)
  background.add(chargeCard, 42, 'EUR')
  background.add(noArgs)
  background.add((n: number) => n * 2, 21)
  background.add(async () => { await chargeCard(1, 'USD') })

  // @ts-expect-error  the email is a string, not a number
  background.add(writeNotification, 42)
  // @ts-expect-error  the required email argument is missing
  background.add(writeNotification)
  // @ts-expect-error  'GBP' is not a currency chargeCard takes
  background.add(chargeCard, 42, 'GBP')
  // @ts-expect-error  one argument too many for writeNotification
  background.add(writeNotification, 'a@b.c', 'hi', 'extra')
  // @ts-expect-error  noArgs takes no argument
  background.add(noArgs, 1)
  // @ts-expect-error  a task must be a function
  background.add('writeNotification', 'a@b.c')

  // It returns nothing to wait for: the task runs after the response.
  expectTypeOf(background.add(noArgs)).toEqualTypeOf<void>()
  return { message: 'Notification sent in the background' }
})

// A dependency's context carries the same BackgroundTasks; an app-scoped one has none.
const audited = Depends(({ background }) => {
  expectTypeOf(background).toEqualTypeOf<BackgroundTasks>()
  background.add(writeNotification, 'audit@example.com', 'query seen')
  // @ts-expect-error  the message is a string, not a boolean
  background.add(writeNotification, 'audit@example.com', true)
  return true
})
const settings = Depends({ scope: 'app' }, ({ background }) => {
  expectTypeOf(background).toEqualTypeOf<undefined>()
  return { dsn: 'postgres://' }
})
app.api.get('/audited', { deps: { audited, settings } }, ({ deps }) => deps.audited)

// Plain Fastify routes: reply.background, type-checked the same way.
app.get('/plain', async (_request, reply) => {
  expectTypeOf(reply.background).toEqualTypeOf<BackgroundTasks>()
  reply.background.add(chargeCard, 10, 'USD')
  // @ts-expect-error  the amount is a number, not a string
  reply.background.add(chargeCard, '10', 'USD')
  return null
})

// Stats for a health check.
expectTypeOf(app.backgroundTasks.stats()).toEqualTypeOf<BackgroundStats>()
expectTypeOf(app.backgroundTasks.stats().pending).toEqualTypeOf<number>()

// The lifespan: a sync or async generator function of the app.
const lifespan: Lifespan = async function * (instance) {
  expectTypeOf(instance.backgroundTasks.stats).returns.toEqualTypeOf<BackgroundStats>()
  yield
}
await Fastify().register(fastapi, { lifespan, background: { drainTimeoutMs: 5000 } })
// @ts-expect-error  drainTimeoutMs is a number of milliseconds
await Fastify().register(fastapi, { background: { drainTimeoutMs: '5s' } })
