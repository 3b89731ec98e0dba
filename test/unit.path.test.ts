import { describe, expect, it } from 'vitest'
import { parsePath } from '../src/routing/path.js'

describe('parsePath', () => {
  it("turns FastAPI's {name} into Fastify's :name", () => {
    expect(parsePath('/items/{item_id}')).toEqual({ url: '/items/:item_id', names: ['item_id'], wildcard: undefined })
  })

  it('reads several {name} params in order', () => {
    expect(parsePath('/users/{user_id}/items/{item_id}')).toEqual({
      url: '/users/:user_id/items/:item_id',
      names: ['user_id', 'item_id'],
      wildcard: undefined,
    })
  })

  it("keeps Fastify's :name as it is", () => {
    expect(parsePath('/users/:user_id/posts/:post_id')).toEqual({
      url: '/users/:user_id/posts/:post_id',
      names: ['user_id', 'post_id'],
      wildcard: undefined,
    })
  })

  it('reads both syntaxes in one path, braces first', () => {
    expect(parsePath('/files/{name}/v/:version')).toEqual({
      url: '/files/:name/v/:version',
      names: ['name', 'version'],
      wildcard: undefined,
    })
  })

  it("turns {name:path} into Fastify's wildcard, named for the param", () => {
    expect(parsePath('/files/{file_path:path}')).toEqual({ url: '/files/*', names: ['file_path'], wildcard: 'file_path' })
    expect(parsePath('/repos/{owner}/{rest:path}')).toEqual({ url: '/repos/:owner/*', names: ['owner', 'rest'], wildcard: 'rest' })
  })

  it('gives a static path no params', () => {
    expect(parsePath('/items/')).toEqual({ url: '/items/', names: [], wildcard: undefined })
    expect(parsePath('/')).toEqual({ url: '/', names: [], wildcard: undefined })
  })

  it("leaves Fastify's escaped double colon alone", () => {
    expect(parsePath('/name::verb')).toEqual({ url: '/name::verb', names: [], wildcard: undefined })
  })

  it('reads a :name followed by a regex or a suffix by its name only', () => {
    expect(parsePath('/items/:id(^\\d+$)').names).toEqual(['id'])
    expect(parsePath('/files/:file.:ext').names).toEqual(['file', 'ext'])
    expect(parsePath('/near/:lat-:lng').names).toEqual(['lat', 'lng'])
  })

  it('reads a {name} inside a segment', () => {
    expect(parsePath('/files/{file}.json')).toEqual({ url: '/files/:file.json', names: ['file'], wildcard: undefined })
  })

  it('leaves braces that are not a param name alone', () => {
    expect(parsePath('/items/{item id}')).toEqual({ url: '/items/{item id}', names: [], wildcard: undefined })
  })
})
