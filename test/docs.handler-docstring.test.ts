// FastAPI's "description from docstring": the string that opens a handler describes it.
import { expect, it } from 'vitest'
import { z } from 'zod'
import { buildApp } from './helpers/app.js'

it("takes the operation's description from the handler's docstring, dedented, in markdown", async () => {
  const app = await buildApp()
  app.api.post('/items/', { body: z.object({ name: z.string() }) }, async function create_item ({ body }) {
    `Create an item with all the information:

    - **name**: each item must have a name
    - **description**: a long description
    \f
    Not shown: FastAPI cuts the docstring at a form feed.`
    return body
  })
  app.api.get('/items/{item_id}', { params: z.object({ item_id: z.string() }) }, ({ params }) => {
    'Read one item, by its id.'
    return params
  })
  app.api.get('/users/', { description: 'The route option wins.' }, function read_users () {
    'Not this one.'
    return []
  })
  app.api.get('/plain', async function plain ({ query }) { return query })

  const paths = (await app.inject('/openapi.json')).json().paths
  expect(paths['/items/'].post.description).toBe('Create an item with all the information:\n\n- **name**: each item must have a name\n- **description**: a long description')
  expect(paths['/items/{item_id}'].get.description).toBe('Read one item, by its id.')
  expect(paths['/users/'].get.description).toBe('The route option wins.')
  expect(paths['/plain'].get.description).toBeUndefined()
})
