import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from '../helpers/app.js'

// JSON cannot tell -0 from 0, so the handler answers what it saw.
const signs = (values: unknown[]) => values.map((value) => (Object.is(value, -0) ? '-0' : value))

describe('-0 in a request', () => {
  it('reaches the handler as 0 from a JSON body, at any depth, as Python reads -0', async () => {
    const app = await buildApp()
    app.api.post('/points/', { body: z.object({ x: z.number(), y: z.number(), path: z.array(z.object({ z: z.number() })) }) },
      ({ body }) => ({ seen: signs([body.x, body.y, ...body.path.map((point) => point.z)]) }))

    const res = await app.inject({
      method: 'POST', url: '/points/', headers: { 'content-type': 'application/json' },
      payload: '{"x": -0, "y": -0.0, "path": [{"z": -0e5}, {"z": -1e-400}, {"z": -0.5}]}',
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ seen: [0, 0, 0, 0, -0.5] })
  })

  it('leaves "-0" inside strings as it is', async () => {
    const app = await buildApp()
    app.api.post('/points/', { body: z.object({ label: z.string(), x: z.number() }) }, ({ body }) => ({ label: body.label, seen: signs([body.x]) }))

    const res = await app.inject({ method: 'POST', url: '/points/', headers: { 'content-type': 'application/json' }, payload: '{"label":"[-0,-0]","x":-0}' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ label: '[-0,-0]', seen: [0] })
  })

  it('reaches the handler as 0 from the query and the path', async () => {
    const app = await buildApp()
    app.api.get('/points/{x}', { params: z.object({ x: z.number().int() }), query: z.object({ y: z.number(), z: z.array(z.number()) }) },
      ({ params, query }) => ({ seen: signs([params.x, query.y, ...query.z]) }))

    const res = await app.inject('/points/-0?y=-0.0&z=-0&z=-0e3')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ seen: [0, 0, 0, 0] })
  })
})
