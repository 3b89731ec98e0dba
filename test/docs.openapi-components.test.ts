// Named zod models become components, referred to from every route that uses them.
import { expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'
import { buildDocsApp } from './helpers/docs-app.js'

it('writes a named model once and refers to it, nested models included', async () => {
  const app = await buildDocsApp()
  const document = (await app.inject('/openapi.json')).json()
  const schemas = document.components.schemas
  expect(document.paths['/items/{item_id}'].get.responses[200].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Item' })
  expect(schemas.Item.properties.tags).toEqual({ default: [], type: 'array', items: { $ref: '#/components/schemas/Tag' }, title: 'Tags' })
  expect(schemas.Tag).toEqual({ type: 'object', properties: { name: { type: 'string', title: 'Name' } }, required: ['name'], title: 'Tag' })
  // zod metadata: the model's description and a field's examples.
  expect(schemas.Item.description).toBe('Something the shop sells.')
  expect(schemas.Item.properties.name).toEqual({ type: 'string', minLength: 1, examples: ['Hammer'], title: 'Name' })
  expect(document.paths['/items/{item_id}'].get.parameters[0].schema).toEqual({ type: 'integer', examples: [42], title: 'Item Id' })
})

it('refers a recursive model to itself', async () => {
  const app = await buildDocsApp()
  const document = (await app.inject('/openapi.json')).json()
  expect(document.paths['/items/categories'].get.responses[200].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Category' })
  expect(document.components.schemas.Category.properties.children).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Category' }, title: 'Children' })
})

it("names an anonymous body FastAPI's way (Body_<operationId>) and inlines an anonymous response", async () => {
  const app = await buildApp()
  app.api.post('/login', {
    body: z.object({ username: z.string(), password: z.string() }),
    response: z.object({ token: z.string() }),
  }, async function login () { return { token: 't' } })
  const document = (await app.inject('/openapi.json')).json()
  expect(document.paths['/login'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Body_login_login_post' })
  expect(document.components.schemas.Body_login_login_post).toMatchObject({ title: 'Body_login_login_post', required: ['username', 'password'] })
  expect(document.paths['/login'].post.responses[200].content['application/json'].schema).toEqual({
    type: 'object', properties: { token: { type: 'string', title: 'Token' } }, required: ['token'], title: 'Response Login Login Post',
  })
})

it('documents a Date as an ISO 8601 date-time string, as FastAPI documents a datetime', async () => {
  const app = await buildApp()
  app.api.get('/now', { response: z.object({ at: z.date() }) }, async function now () { return { at: new Date() } })
  const document = (await app.inject('/openapi.json')).json()
  expect(document.paths['/now'].get.responses[200].content['application/json'].schema.properties.at).toEqual({ type: 'string', format: 'date-time', title: 'At' })
})

it('refuses, when the document is built, two different models that claim the same name', async () => {
  const app = await buildApp()
  const first = z.object({ a: z.string() }).meta({ id: 'Clash' })
  const second = z.object({ b: z.number() }).meta({ id: 'Clash' })
  app.api.post('/a', { body: first }, async function a () { return {} })
  app.api.post('/b', { body: second }, async function b () { return {} })
  // As FastAPI's `app.openapi()`: built at its first use, not at startup (a test that asks for it finds the clash).
  await app.ready()
  expect(() => app.openapi()).toThrow(expect.objectContaining({
    code: 'FFA_ERR_DOCS_SCHEMA_NAME',
    message: "Two different schemas are named 'Clash' in the OpenAPI document (zod's `.meta({ id })`, or FastAPI's own ValidationError, HTTPValidationError and ValidationProblem): give each model its own id.",
  }))
  // Served, it is a server error that names nothing of the app, and the failed build is not run again.
  const res = await app.inject('/openapi.json')
  expect(res.statusCode).toBe(500)
  expect(res.json()).toEqual({ detail: 'Internal Server Error' })
  let builds = 0
  const counted = app as unknown as { swagger: () => unknown }
  const swagger = counted.swagger
  counted.swagger = function countedBuild (this: unknown) { builds++; return swagger.call(this) }
  expect((await app.inject('/openapi.json')).statusCode).toBe(500)
  expect(() => app.openapi()).toThrow(expect.objectContaining({ code: 'FFA_ERR_DOCS_SCHEMA_NAME' }))
  expect(builds).toBe(0)
  // The routes themselves are not concerned.
  expect((await app.inject({ method: 'POST', url: '/a', payload: { a: 'x' } })).statusCode).toBe(200)
})

it('names an anonymous recursive schema once, however many routes use it', async () => {
  interface Node { label: string, next: Node[] }
  const Node: z.ZodType<Node> = z.object({ label: z.string(), get next () { return z.array(Node) } })
  const Graph = z.object({ first: Node, second: Node }).meta({ id: 'Graph' })
  const app = await buildApp()
  app.api.get('/a', { response: Graph }, async function a () { return { first: { label: 'a', next: [] }, second: { label: 'b', next: [] } } })
  app.api.get('/b', { response: Graph }, async function b () { return { first: { label: 'a', next: [] }, second: { label: 'b', next: [] } } })
  const document = (await app.inject('/openapi.json')).json()
  const schemas = document.components.schemas
  expect(schemas.Graph.properties.first).toEqual({ $ref: '#/components/schemas/Model' })
  expect(schemas.Model.properties.next.items).toEqual({ $ref: '#/components/schemas/Model' })
  expect(Object.keys(schemas).filter((name) => name.startsWith('Model'))).toEqual(['Model'])
})

it("keeps made-up names clear of the users' ids, and refuses an id that takes one of FastAPI's own", async () => {
  interface Tree { label: string, children: Tree[] }
  const Tree: z.ZodType<Tree> = z.object({ label: z.string(), get children () { return z.array(Tree) } })
  const UserModel = z.object({ size: z.int() }).meta({ id: 'Model' })
  const app = await buildApp()
  app.api.get('/tree', { response: Tree }, async function tree () { return { label: 'root', children: [] } })
  app.api.post('/sized', { body: UserModel }, async function sized ({ body }) { return body })
  const schemas = (await app.inject('/openapi.json')).json().components.schemas
  expect(schemas.Model).toEqual({ type: 'object', properties: { size: { type: 'integer', title: 'Size' } }, required: ['size'], title: 'Model' })
  expect(schemas.Model_2.properties.children.items).toEqual({ $ref: '#/components/schemas/Model_2' })
  expect(Object.keys(schemas)).toEqual([...Object.keys(schemas)].sort())

  const clash = await buildApp()
  clash.api.post('/x', { body: z.object({ loc: z.string() }).meta({ id: 'ValidationError' }) }, async function x () { return {} })
  await clash.ready()
  expect(() => clash.openapi()).toThrow(expect.objectContaining({ code: 'FFA_ERR_DOCS_SCHEMA_NAME', message: expect.stringContaining("'ValidationError'") }))
})

it('titles a named enum as pydantic titles an Enum class', async () => {
  const Color = z.enum(['red', 'green']).meta({ id: 'Color' })
  const app = await buildApp()
  app.api.get('/paint', { query: z.object({ color: Color }) }, async function paint ({ query }) { return query })
  const document = (await app.inject('/openapi.json')).json()
  expect(document.components.schemas.Color).toEqual({ type: 'string', enum: ['red', 'green'], title: 'Color' })
  expect(document.paths['/paint'].get.parameters[0].schema).toEqual({ $ref: '#/components/schemas/Color' })
})

it('documents a discriminated union with its discriminator, as pydantic does', async () => {
  const Cat = z.object({ pet_type: z.literal('cat'), meows: z.int() }).meta({ id: 'Cat' })
  const Dog = z.object({ pet_type: z.literal('dog'), barks: z.number() }).meta({ id: 'Dog' })
  const Pet = z.discriminatedUnion('pet_type', [Cat, Dog])
  const app = await buildApp()
  app.api.post('/pets', { body: z.object({ pet: Pet }) }, async function create_pet ({ body }) { return body })
  const document = (await app.inject('/openapi.json')).json()
  expect(document.components.schemas.Body_create_pet_pets_post.properties.pet).toEqual({
    oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
    discriminator: { propertyName: 'pet_type' },
    title: 'Pet',
  })
})
