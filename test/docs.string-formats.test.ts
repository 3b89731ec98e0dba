// pydantic's string types as FastAPI documents them: the format alone, not zod's regex.
import { expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

async function propertiesOf (model: z.ZodObject) {
  const app = await buildApp()
  app.api.post('/things/', { body: model.meta({ id: 'Thing' }) }, async function create_thing ({ body }) { return body })
  const res = await app.inject('/openapi.json')
  expect(res.statusCode, res.body).toBe(200)
  return res.json().components.schemas.Thing.properties
}

it('documents `email: EmailStr` as {"type":"string","format":"email"}, without a pattern', async () => {
  expect((await propertiesOf(z.object({ email: z.email() }))).email).toEqual({ type: 'string', format: 'email', title: 'Email' })
})

it('documents UUID, datetime, date, time, timedelta, IPv4Address and IPv6Address as pydantic does', async () => {
  const properties = await propertiesOf(z.object({
    item_id: z.uuid(),
    start_datetime: z.iso.datetime(),
    local_datetime: z.iso.datetime({ local: true }),
    start_date: z.iso.date(),
    process_after: z.iso.duration(),
    repeat_at: z.iso.time(),
    host: z.ipv4(),
    host6: z.ipv6(),
  }))
  expect(properties).toEqual({
    item_id: { type: 'string', format: 'uuid', title: 'Item Id' },
    start_datetime: { type: 'string', format: 'date-time', title: 'Start Datetime' },
    local_datetime: { type: 'string', format: 'date-time', title: 'Local Datetime' },
    start_date: { type: 'string', format: 'date', title: 'Start Date' },
    process_after: { type: 'string', format: 'duration', title: 'Process After' },
    repeat_at: { type: 'string', format: 'time', title: 'Repeat At' },
    host: { type: 'string', format: 'ipv4', title: 'Host' },
    host6: { type: 'string', format: 'ipv6', title: 'Host6' },
  })
})

it('documents a URL as pydantic documents AnyUrl and HttpUrl: format uri, never empty', async () => {
  const properties = await propertiesOf(z.object({ url: z.url(), link: z.httpUrl().max(2083) }))
  expect(properties).toEqual({
    url: { type: 'string', format: 'uri', minLength: 1, title: 'Url' },
    link: { type: 'string', format: 'uri', minLength: 1, maxLength: 2083, title: 'Link' },
  })
})

it("keeps a format's own constraints, an optional format as anyOf, and a pattern of the user's own", async () => {
  const properties = await propertiesOf(z.object({
    work_email: z.email().max(100).regex(/@example\.com$/),
    backup_email: z.email().nullable().default(null),
  }))
  expect(properties).toEqual({
    work_email: { type: 'string', format: 'email', maxLength: 100, pattern: '@example\\.com$', title: 'Work Email' },
    backup_email: { anyOf: [{ type: 'string', format: 'email' }, { type: 'null' }], title: 'Backup Email' },
  })
})
