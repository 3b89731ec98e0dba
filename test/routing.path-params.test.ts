import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Depends } from 'fastify-fastapi'
import { buildApp } from './helpers/app.js'

describe('path params', () => {
  it("reads FastAPI's {name} syntax and coerces the value to the declared type", async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) },
      ({ params }) => ({ item_id: params.item_id, type: typeof params.item_id }))

    const res = await app.inject('/items/42')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ item_id: 42, type: 'number' })
  })

  it("reads Fastify's :name syntax the same way", async () => {
    const app = await buildApp()
    app.api.get('/users/:user_id', { params: z.object({ user_id: z.number().int() }) },
      ({ params }) => ({ user_id: params.user_id }))

    const res = await app.inject('/users/7')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ user_id: 7 })
  })

  it("takes the rest of the path with FastAPI's {name:path}", async () => {
    const app = await buildApp()
    app.api.get('/files/{file_path:path}', { params: z.object({ file_path: z.string() }) },
      ({ params }) => ({ file_path: params.file_path }))

    const res = await app.inject('/files/home/johndoe/myfile.txt')
    expect(res.json()).toEqual({ file_path: 'home/johndoe/myfile.txt' })
  })

  it('answers a path param that is not an int with int_parsing at ["path", name]', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => params)

    const res = await app.inject('/items/foo')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'int_parsing',
        loc: ['path', 'item_id'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'foo',
      }],
    })
  })

  it('reads a path param with predefined values (z.enum) and answers another with enum', async () => {
    const app = await buildApp()
    app.api.get('/models/{model_name}', { params: z.object({ model_name: z.enum(['alexnet', 'resnet', 'lenet']) }) },
      ({ params }) => ({ model_name: params.model_name, message: params.model_name === 'alexnet' ? 'Deep Learning FTW!' : 'Have some residuals' }))

    const ok = await app.inject('/models/alexnet')
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ model_name: 'alexnet', message: 'Deep Learning FTW!' })

    const res = await app.inject('/models/foo')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'enum',
        loc: ['path', 'model_name'],
        msg: "Input should be 'alexnet', 'resnet' or 'lenet'",
        input: 'foo',
        ctx: { expected: "'alexnet', 'resnet' or 'lenet'" },
      }],
    })
  })

  it('names a {name:path} param in the loc of its errors', async () => {
    const app = await buildApp()
    app.api.get('/files/{file_path:path}', { params: z.object({ file_path: z.string().max(5) }) }, ({ params }) => params)

    const res = await app.inject('/files/home/johndoe')
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toEqual({
      detail: [{
        type: 'string_too_long',
        loc: ['path', 'file_path'],
        msg: 'String should have at most 5 characters',
        input: 'home/johndoe',
        ctx: { max_length: 5 },
      }],
    })
  })

  it('coerces float and bool path params', async () => {
    const app = await buildApp()
    app.api.get('/points/{x}/{visible}', { params: z.object({ x: z.number(), visible: z.boolean() }) }, ({ params }) => params)

    const res = await app.inject('/points/-1.5/yes')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ x: -1.5, visible: true })
  })
})

describe("Starlette's path converters", () => {
  it('gives a {name:path} param by its name when a dependency, not the route, declares it', async () => {
    const app = await buildApp()
    const filePath = Depends({ params: z.object({ file_path: z.string() }) }, ({ params }) => params.file_path)
    app.api.get('/files/{file_path:path}', { deps: { filePath } }, ({ params, deps }) => ({ file_path: params.file_path, from_dependency: deps.filePath }))

    expect((await app.inject('/files/a/b.txt')).json()).toEqual({ file_path: 'a/b.txt', from_dependency: 'a/b.txt' })
  })

  it('accepts {name:int}, {name:float}, {name:str} and {name:uuid}, validated by the params schema', async () => {
    const app = await buildApp()
    app.api.get('/items/{item_id:int}', { params: z.object({ item_id: z.number().int() }) }, ({ params }) => params)

    expect((await app.inject('/items/3')).json()).toEqual({ item_id: 3 })
    expect((await app.inject('/items/x')).statusCode).toBe(422)
  })

  it('refuses a converter Starlette does not have, at registration', async () => {
    const app = await buildApp()
    expect(() => app.api.get('/items/{item_id:integer}', { params: z.object({ item_id: z.number().int() }) }, () => null)).toThrow(expect.objectContaining({
      code: 'FFA_ERR_PATH_PARAM_MISMATCH',
      message: "Route GET /items/{item_id:integer}: the path param {item_id:integer} has a converter this package does not know; use one of Starlette's (path, str, int, float, uuid), or none and a params schema.",
    }))
  })
})
